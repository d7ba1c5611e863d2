using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// Notifications over HTTP against the local host: the specialist's offer e-mail arrives at a real
/// mail server, ops see it delivered, the specialist finds it in their list; an unreachable mail
/// server leaves it pending and the case goes on. (The other end-to-end tests run with no mail
/// server configured at all.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NotificationJourneyTests(AzuriteFixture azurite, MailDevRunner mail) : IClassFixture<MailDevRunner>
{
    /// <summary>A case with one text record, submitted; returns it once its first seat has been offered.</summary>
    private static async Task<(string CaseId, Assignment Offer)> CaseWithAnOfferAsync(LocalHostRunner host)
    {
        var patient = await host.TokenAsync($"patient-{Guid.NewGuid():N}"[..20], Roles.Patient);
        var caseId = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);
        var assignments = host.Host!.Services.GetRequiredService<IAssignmentRepository>();
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if ((await assignments.ForCaseAsync(caseId)).OrderBy(a => a.SeatId, StringComparer.Ordinal).FirstOrDefault() is { } offer) return (caseId, offer);
            Assert.True(DateTime.UtcNow < until, $"case {caseId} made no offer");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> NotificationAsync(LocalHostRunner host, string token, string caseId, string kind, string recipientId, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var list = await host.JsonAsync(HttpMethod.Get, $"/api/ops/notifications?caseId={caseId}", token);
            var found = list.EnumerateArray().FirstOrDefault(n => n.GetProperty("kind").GetString() == kind && n.GetProperty("recipient").GetProperty("id").GetString() == recipientId);
            if (found.ValueKind == JsonValueKind.Object && done(found)) return found;
            Assert.True(DateTime.UtcNow < until, $"no {kind} notification for {recipientId} as expected: {list}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task the_specialist_gets_the_offer_by_email_and_ops_see_it_delivered()
    {
        await using var host = new LocalHostRunner(azurite);
        foreach (var (key, value) in mail.HostSettings) host.Settings[key] = value;
        host.Settings["Notifications:LinkBaseUrl"] = "http://portal.test/";
        await host.StartAsync();

        var (caseId, offer) = await CaseWithAnOfferAsync(host);
        var address = (await host.Host!.Services.GetRequiredService<ISpecialistRepository>().FindAsync(offer.SpecialistId))!.Email!;

        var email = await mail.WaitForAsync(e => e.To.Contains(address) && e.Subject.Contains(caseId), $"for {offer.SpecialistId}");
        Assert.Contains($"http://portal.test/assignments/{offer.Id}", email.Text);
        Assert.Contains("accept or decline", email.Text);
        foreach (var form in new[] { "Alex Test", "alex@example.org", "prostatectomy", "adenocarcinoma", "pathology.pdf", "1961" })
        {
            Assert.DoesNotContain(form, email.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form, email.Text, StringComparison.OrdinalIgnoreCase);
        }

        var ops = await host.TokenAsync("ops-nora", Roles.Ops);
        var sent = await NotificationAsync(host, ops, caseId, "offer", offer.SpecialistId, n => n.GetProperty("status").GetString() == "delivered");
        Assert.Equal("email", sent.GetProperty("channel").GetString());
        Assert.Equal("specialist", sent.GetProperty("recipient").GetProperty("audience").GetString());
        Assert.True(sent.GetProperty("attempts")[0].GetProperty("delivered").GetBoolean());
        Assert.True(sent.TryGetProperty("deliveredAt", out _));

        var specialist = await host.TokenAsync(offer.SpecialistId, Roles.Specialist);
        var mine = await host.JsonAsync(HttpMethod.Get, "/api/notifications", specialist);
        var listed = Assert.Single(mine.EnumerateArray(), n => n.GetProperty("id").GetString() == sent.GetProperty("id").GetString());
        Assert.Equal($"http://portal.test/assignments/{offer.Id}", listed.GetProperty("link").GetString());
        Assert.False(listed.TryGetProperty("attempts", out _)); // delivery internals are for ops

        // Paged like every listing; a bad page size is a field error; a patient may not read the ops view.
        using (var page = await host.SendAsync(HttpMethod.Get, $"/api/ops/notifications?caseId={caseId}&pageSize=1", ops))
            Assert.Single((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        var invalid = await host.JsonAsync(HttpMethod.Get, "/api/notifications?pageSize=0", specialist, expect: 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("pageSize", out _));
        await host.JsonAsync(HttpMethod.Get, "/api/ops/notifications?caseId=nope", ops, expect: 400);
        await host.JsonAsync(HttpMethod.Get, $"/api/ops/notifications?caseId={caseId}", await host.TokenAsync("patient-x", Roles.Patient), expect: 403);
        await host.JsonAsync(HttpMethod.Get, "/api/notifications", null, expect: 401);
    }

    [Fact]
    public async Task with_the_mail_server_unreachable_the_offer_waits_as_pending_and_the_case_goes_on()
    {
        await using var host = new LocalHostRunner(azurite);
        host.Settings["Notifications:Smtp:Host"] = "127.0.0.1";
        host.Settings["Notifications:Smtp:Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture); // nobody listens
        host.Settings["Notifications:Smtp:Security"] = "None";
        await host.StartAsync();

        var (caseId, offer) = await CaseWithAnOfferAsync(host);

        var ops = await host.TokenAsync("ops-nora", Roles.Ops);
        var pending = await NotificationAsync(host, ops, caseId, "offer", offer.SpecialistId, n => n.GetProperty("attempts").GetArrayLength() > 0);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.StartsWith("smtp-connect-failed", pending.GetProperty("lastError").GetString());
        var specialist = await host.TokenAsync(offer.SpecialistId, Roles.Specialist);
        Assert.Contains((await host.JsonAsync(HttpMethod.Get, "/api/notifications", specialist)).EnumerateArray(), n => n.GetProperty("id").GetString() == pending.GetProperty("id").GetString());

        // The offer itself stands: the specialist accepts it and the seat moves on.
        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/accept", specialist);
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await host.Host!.Services.GetRequiredService<IAssignmentRepository>().FindAsync(caseId, offer.Id))!.OpinionDueAt is null)
        {
            Assert.True(DateTime.UtcNow < until, "the workflow did not take the acceptance");
            await Task.Delay(200);
        }
    }
}
