using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>Operations give a seat to a specialist they name, and add a seat, over HTTP against the local host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeatOperationsOverHttpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ops_reassign_a_seat_to_a_named_backup_and_add_a_seat_with_problems_for_bad_requests()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-seats", Roles.Patient);
        var ops = await host.TokenAsync("ops-seats", Roles.Ops);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var store = host.Host!.Services.GetRequiredService<IAssignmentRepository>();
        Assignment first;
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((first = (await store.ForCaseAsync(caseId)).FirstOrDefault(a => a.SeatId == "seat-1")!) is null)
        {
            Assert.True(DateTime.UtcNow < until, "no offer for seat-1");
            await Task.Delay(200);
        }

        var panel = await host.JsonAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/panel", ops);
        var seat = panel.GetProperty("seats").EnumerateArray().Single(s => s.GetProperty("seatId").GetString() == "seat-1");
        var named = seat.GetProperty("candidates").EnumerateArray().Last().GetProperty("specialistId").GetString()!;
        Assert.NotEqual(first.SpecialistId, named);

        using (var missing = await host.SendAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/seats/seat-1/reassign", ops, JsonContent.Create(new { specialistId = named })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.True(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("reason", out _));
        }
        using (var holder = await host.SendAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/seats/seat-1/reassign", ops,
                   JsonContent.Create(new { specialistId = first.SpecialistId, reason = "Again." })))
            Assert.Equal(HttpStatusCode.BadRequest, holder.StatusCode);
        var reassigned = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/seats/seat-1/reassign", ops,
            JsonContent.Create(new { specialistId = named, reason = "The patient asked for a reviewer with more valve experience." }));
        Assert.Equal(named, reassigned.GetProperty("candidates")[0].GetProperty("specialistId").GetString());

        until = DateTime.UtcNow.AddSeconds(60);
        while (!(await store.ForCaseAsync(caseId)).Any(a => a.SeatId == "seat-1" && a.SpecialistId == named))
        {
            Assert.True(DateTime.UtcNow < until, "the named specialist was never offered seat-1");
            await Task.Delay(200);
        }
        Assert.Equal(AssignmentStatus.Withdrawn, (await store.FindAsync(caseId, first.Id))!.Status);

        using (var unknown = await host.SendAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/seats", ops, JsonContent.Create(new { subspecialty = "dermatology", reason = "Skin." })))
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/seats", ops, JsonContent.Create(new { subspecialty = "radiation-oncology", reason = "Radiotherapy is an option." }), 202);
        until = DateTime.UtcNow.AddSeconds(60);
        while (!(await store.ForCaseAsync(caseId)).Any(a => a.Subspecialty == "radiation-oncology"))
        {
            Assert.True(DateTime.UtcNow < until, "the added seat was never offered");
            await Task.Delay(200);
        }
        var audit = await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", ops);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "ops.seat.reassign");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "ops.seat.add");
    }

    [Fact]
    public async Task a_case_restarted_over_http_goes_on_to_its_report()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = new LocalHostRunner(azurite, configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Error);
        });
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-restart-ops", Roles.Patient);
        var ops = await host.TokenAsync("ops-restart", Roles.Ops);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var tokens = new Dictionary<string, string>();
        // One round of the panel: offers accepted, then the case is restarted mid-review.
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "review");
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens, skipOpinion: _ => true) == 0)
        {
            Assert.True(DateTime.UtcNow < until, "no offer to accept");
            await Task.Delay(200);
        }

        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/restart", ops, JsonContent.Create(new { reason = "Stuck after a deployment." }), 202);
        using var probe = await host.SendAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/workflow", ops);
        Assert.True(probe.IsSuccessStatusCode, string.Join("\n", logs.Lines.Where(l => !l.StartsWith("scope", StringComparison.Ordinal)).Take(3)));
        var workflow = await host.JsonAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/workflow", ops);
        Assert.NotEqual("failed", workflow.GetProperty("workflow").GetProperty("runtimeStatus").GetString());

        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens));
        var store = host.Host!.Services.GetRequiredService<IAssignmentRepository>();
        var assignments = await store.ForCaseAsync(caseId);
        Assert.Equal(assignments.Count, assignments.Select(a => a.SeatId).Distinct().Count());
    }
}
