using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>The hospital registry, batch grants and the audit route over HTTP.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegistryAndAuditRouteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ops_register_a_hospital_which_may_then_ask_for_a_batch()
    {
        var ops = await host.TokenAsync("ops-nina", Roles.Ops);
        var hospital = await host.TokenAsync("hosp-kyoto", Roles.Hospital);
        using (var before = await host.SendAsync(HttpMethod.Post, "/api/hospital/batches", hospital, JsonContent.Create(new { files = new[] { "a.pdf" } })))
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);

        var invalid = await host.JsonAsync(HttpMethod.Put, "/api/ops/hospitals/hosp-kyoto", ops, JsonContent.Create(new { name = "", jurisdictions = new[] { "nowhere" }, contact = new { name = "A", email = "not-mail" } }), 400);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("jurisdictions", out _) && errors.TryGetProperty("contact.email", out _));

        await host.JsonAsync(HttpMethod.Put, "/api/ops/hospitals/hosp-kyoto", ops, JsonContent.Create(new
        {
            name = "Kyoto Central Hospital", jurisdictions = new[] { "JP-26" }, contact = new { name = "Referral desk", email = "referrals@example.jp", phone = "+81 75 000 0000" }, active = true,
        }), 201);
        var listed = await host.JsonAsync(HttpMethod.Get, "/api/ops/hospitals", ops);
        Assert.Contains(listed.EnumerateArray(), h => h.GetProperty("id").GetString() == "hosp-kyoto" && h.GetProperty("active").GetBoolean());
        Assert.Equal("JP-26", (await host.JsonAsync(HttpMethod.Get, "/api/ops/hospitals/hosp-kyoto", ops)).GetProperty("jurisdictions")[0].GetString());
        await host.JsonAsync(HttpMethod.Get, "/api/ops/hospitals/hosp-nowhere", ops, expect: 404);

        var grant = await host.JsonAsync(HttpMethod.Post, "/api/hospital/batches", hospital, JsonContent.Create(new { files = new[] { "letter.pdf", "scan.pdf" } }), 201);
        Assert.Equal("hosp-kyoto", grant.GetProperty("hospitalId").GetString());
        var uploads = grant.GetProperty("uploads").EnumerateArray().Select(u => u.GetProperty("fileName").GetString()).ToList();
        Assert.Equal(["manifest.json", "letter.pdf", "scan.pdf"], uploads);
        var url = grant.GetProperty("uploads")[0].GetProperty("url").GetString()!;
        Assert.Contains($"/hospital-inbox/hosp-kyoto/{grant.GetProperty("batchId").GetString()}/manifest.json", url);
        Assert.Contains("sp=cw", url); // create and write only

        var bad = await host.JsonAsync(HttpMethod.Post, "/api/hospital/batches", hospital, JsonContent.Create(new { files = new[] { "../x.pdf", "manifest.json" } }), 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("files[0]", out _));

        // Deactivated: no more batches.
        await host.JsonAsync(HttpMethod.Put, "/api/ops/hospitals/hosp-kyoto", ops, JsonContent.Create(new { name = "Kyoto Central Hospital", jurisdictions = new[] { "JP-26" }, active = false }));
        using var after = await host.SendAsync(HttpMethod.Post, "/api/hospital/batches", hospital, JsonContent.Create(new { files = new[] { "a.pdf" } }));
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);

        var platform = await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(AuditChains.Platform);
        Assert.Contains(platform.Entries, e => e.Action == AuditActions.HospitalUpsert && e.Actor == "ops-nina");
        Assert.Contains(platform.Entries, e => e.Action == AuditActions.BatchGranted && e.Actor == "hosp-kyoto" && e.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task the_audit_route_shows_a_case_chain_and_whether_it_verifies()
    {
        var patient = await host.TokenAsync("patient-audit", Roles.Patient);
        var ops = await host.TokenAsync("ops-oscar", Roles.Ops);
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201);
        var caseId = created.GetProperty("id").GetString()!;
        await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient);

        var trail = await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", ops);
        Assert.True(trail.GetProperty("verified").GetBoolean());
        var actions = trail.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal([AuditActions.CaseCreate, AuditActions.CaseRead], actions);

        var store = host.Host!.Services.GetRequiredService<IDocumentStore>();
        var first = (await store.ReadAsync<AuditEntry>(Containers.Audit, caseId, AuditEntry.IdFor(caseId, 1)))!;
        await store.UpsertAsync(Containers.Audit, caseId, first.Value.Id, first.Value with { Action = AuditActions.CaseRead }, first.ETag);
        var tampered = await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", ops);
        Assert.False(tampered.GetProperty("verified").GetBoolean());
        Assert.Equal(1, tampered.GetProperty("brokenAtSequence").GetInt64());

        await host.JsonAsync(HttpMethod.Get, "/api/ops/audit", ops, expect: 400);
        await host.JsonAsync(HttpMethod.Get, "/api/ops/audit?caseId=c0000000000000000", ops, expect: 404);
        await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", patient, expect: 403);
    }

    [Fact]
    public async Task the_patient_timeline_shows_patient_facing_events_only()
    {
        var patient = await host.TokenAsync("patient-timeline", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var ops = await host.TokenAsync("ops-tim", Roles.Ops);
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", ops)).GetProperty("timeline").EnumerateArray().All(t => !t.GetProperty("event").GetString()!.StartsWith("Offered", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "no offer was made");
            await Task.Delay(200);
        }
        var mine = (await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient)).GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()!).ToList();
        Assert.Contains(mine, e => e.StartsWith("Records submitted", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, e => e.Contains("sp-", StringComparison.Ordinal) || e.StartsWith("Offered", StringComparison.Ordinal) || e.StartsWith("Escalated", StringComparison.Ordinal));
    }
}
