using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Matching;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>The specialist directory over HTTP: the taxonomy, its enforcement, and the paged, filtered listing of the seeded directory.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DirectoryOverHttpTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task anyone_signed_in_reads_the_taxonomy_with_names_and_categories()
    {
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/subspecialties", null), HttpStatusCode.Unauthorized);
        var taxonomy = await host.JsonAsync(HttpMethod.Get, "/api/subspecialties", await host.TokenAsync("patient-tax", Roles.Patient));

        Assert.Equal(Subspecialties.All.Select(s => s.Id), taxonomy.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var oncology = taxonomy.EnumerateArray().First(s => s.GetProperty("id").GetString() == "medical-oncology");
        Assert.Equal("Medical oncology", oncology.GetProperty("name").GetString());
        Assert.Equal(["oncology"], oncology.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task an_entry_outside_the_taxonomy_or_with_a_national_us_licence_is_refused_with_the_allowed_ids()
    {
        var ops = await host.TokenAsync("ops-tax", Roles.Ops);
        var response = await host.SendAsync(HttpMethod.Put, "/api/ops/specialists/sp-tax", ops, JsonContent.Create(new
        {
            name = "Dr. Taxonomy", subspecialties = new[] { "medical-oncology", "tumour-whispering" }, licensedJurisdictions = new[] { "US" }, languages = new[] { "en" },
        }));
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        var subspecialties = errors.GetProperty("subspecialties")[0].GetString()!;
        Assert.Contains("tumour-whispering", subspecialties);
        Assert.All(Subspecialties.All, s => Assert.Contains(s.Id, subspecialties));
        Assert.Contains("per state", errors.GetProperty("licensedJurisdictions")[0].GetString());

        var created = await host.JsonAsync(HttpMethod.Put, "/api/ops/specialists/sp-tax", ops, JsonContent.Create(new
        {
            name = "Dr. Taxonomy", subspecialties = new[] { "medical-oncology" }, licensedJurisdictions = new[] { "US-TX", "JP" }, languages = new[] { "en", "ja" },
            boardCertifications = new[] { "ABIM Medical Oncology" },
            timeOff = new[] { new { from = "2027-01-04T00:00:00Z", until = "2027-01-18T00:00:00Z" } },
        }), 201);
        Assert.Equal("ABIM Medical Oncology", created.GetProperty("boardCertifications")[0].GetString());
        Assert.Equal(DateTimeOffset.Parse("2027-01-18T00:00:00Z"), created.GetProperty("timeOff")[0].GetProperty("until").GetDateTimeOffset());
    }

    [Fact]
    public async Task ops_page_through_the_seeded_directory_with_filters_a_total_and_next_links()
    {
        var ops = await host.TokenAsync("ops-list", Roles.Ops);
        var first = await host.JsonAsync(HttpMethod.Get, "/api/ops/specialists?pageSize=200", ops);
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total >= 500, $"{total} specialists seeded");
        var ids = new List<string>();
        var page = first;
        while (true)
        {
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            // The last page has no next link (nor a token).
            if (!page.TryGetProperty("next", out var next)) { Assert.False(page.TryGetProperty("continuationToken", out _)); break; }
            page = await host.JsonAsync(HttpMethod.Get, next.GetString()!, ops);
        }
        Assert.Equal(total, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var tokyo = await host.JsonAsync(HttpMethod.Get, "/api/ops/specialists?subspecialty=medical-oncology&jurisdiction=JP-13&language=ja&pageSize=2", ops);
        Assert.True(tokyo.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(2, tokyo.GetProperty("items").GetArrayLength());
        Assert.All(tokyo.GetProperty("items").EnumerateArray(), s =>
        {
            Assert.Contains("medical-oncology", s.GetProperty("subspecialties").EnumerateArray().Select(x => x.GetString()));
            Assert.Contains("JP", s.GetProperty("licensedJurisdictions").EnumerateArray().Select(x => x.GetString()));
        });
        Assert.Contains("subspecialty=medical-oncology", tokyo.GetProperty("next").GetString());

        var named = await host.JsonAsync(HttpMethod.Get, "/api/ops/specialists?q=ben%20tanaka", ops);
        Assert.Contains(named.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "sp-001");
        var away = await host.JsonAsync(HttpMethod.Get, "/api/ops/specialists?available=false&pageSize=200", ops);
        Assert.True(away.GetProperty("total").GetInt32() > 0);
        Assert.True(away.GetProperty("total").GetInt32() + (await host.JsonAsync(HttpMethod.Get, "/api/ops/specialists?available=true&pageSize=1", ops)).GetProperty("total").GetInt32() == total);

        var bad = (await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/specialists?subspecialty=astrology&jurisdiction=Texas&available=maybe", ops), HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(bad.TryGetProperty("subspecialty", out _) && bad.TryGetProperty("jurisdiction", out _) && bad.TryGetProperty("available", out _));
        Assert.True((await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/specialists?continuationToken=not-ours", ops), HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("continuationToken", out _));
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/specialists", await host.TokenAsync("sp-001", Roles.Specialist)), HttpStatusCode.Forbidden);
    }
}
