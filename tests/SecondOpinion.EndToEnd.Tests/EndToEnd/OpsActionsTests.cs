using System.Net.Http.Json;
using System.Text.Json;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>The operations actions over HTTP against the local host: the panel, the workflow, suspend and resume, withdraw, cancel.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpsActionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private static readonly string[] PatientData = ["Alex Test", "alex@example.org", "1961-04-12"];

    private static JsonContent Reason(string reason) => JsonContent.Create(new { reason });

    /// <summary>A submitted case whose panel has been offered (its workflow waits for the reviewers).</summary>
    private async Task<string> CaseInReviewAsync(string ops)
    {
        var patient = await host.TokenAsync("patient-ops-actions", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);
        await EventuallyAsync($"/api/ops/cases/{caseId}/panel", ops, p => p.GetProperty("seats").GetArrayLength() > 0
            && p.GetProperty("seats").EnumerateArray().All(s => s.GetProperty("status").GetString() == "offered"), "every seat offered");
        return caseId;
    }

    private async Task<JsonElement> EventuallyAsync(string path, string token, Func<JsonElement, bool> done, string what, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var body = await host.JsonAsync(HttpMethod.Get, path, token);
            if (done(body)) return body;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out waiting for {what}: {body}");
            await Task.Delay(200);
        }
    }

    private Task<JsonElement> WorkflowStatusAsync(string caseId, string ops, string status) =>
        EventuallyAsync($"/api/ops/cases/{caseId}/workflow", ops, w => w.GetProperty("workflow").GetProperty("runtimeStatus").GetString() == status, $"workflow {status}");

    private static void AssertNoPatientData(string where, string body)
    {
        foreach (var value in PatientData) Assert.False(body.Contains(value, StringComparison.OrdinalIgnoreCase), $"'{value}' in {where}");
    }

    [Fact]
    public async Task ops_read_the_panel_and_the_workflow_suspend_and_resume_it_and_withdraw_an_offer()
    {
        var ops = await host.TokenAsync("ops-olga", Roles.Ops);
        // Someone the matcher must leave out, with the reason.
        await host.JsonAsync(HttpMethod.Put, "/api/ops/specialists/sp-e2e-berlin", ops, JsonContent.Create(new
        {
            name = "Dr. Berlin E2E", subspecialties = new[] { "urologic-oncology", "pathology", "medical-oncology" }, licensedJurisdictions = new[] { "DE" }, languages = new[] { "en", "de" },
        }), 201);
        var caseId = await CaseInReviewAsync(ops);

        using (var raw = await host.SendAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/panel", ops))
            AssertNoPatientData("the panel", await raw.Content.ReadAsStringAsync());
        var panel = await host.JsonAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/panel", await host.TokenAsync(CaseJourneyTests.Director, Roles.Director));
        var seats = panel.GetProperty("seats").EnumerateArray().ToList();
        Assert.All(seats, s =>
        {
            Assert.Equal("panel", s.GetProperty("purpose").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("subspecialty").GetString()));
            var reviewer = s.GetProperty("currentReviewer");
            Assert.StartsWith("sp-", reviewer.GetProperty("specialistId").GetString());
            Assert.False(string.IsNullOrEmpty(reviewer.GetProperty("name").GetString()));
            var first = s.GetProperty("candidates")[0];
            Assert.Equal(1, first.GetProperty("rank").GetInt32());
            Assert.True(first.GetProperty("score").GetDouble() > 0);
            Assert.NotEmpty(first.GetProperty("reasons").EnumerateArray());
            var offer = Assert.Single(s.GetProperty("offers").EnumerateArray());
            Assert.Equal(reviewer.GetProperty("assignmentId").GetString(), offer.GetProperty("assignmentId").GetString());
            Assert.True(offer.TryGetProperty("offeredAt", out _));
        });
        Assert.Contains(seats.SelectMany(s => s.GetProperty("excluded").EnumerateArray()),
            e => e.GetProperty("specialistId").GetString() == "sp-e2e-berlin" && e.GetProperty("reason").GetString() == "not licensed in US-OH");
        // Each seat keeps the matcher's decision: the pick, the backups in rank order, the excluded grouped by reason.
        Assert.All(seats, s =>
        {
            var decision = Assert.Single(s.GetProperty("decisions").EnumerateArray());
            Assert.Equal("panel", decision.GetProperty("occasion").GetString());
            var candidates = s.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("specialistId").GetString()).ToList();
            Assert.Equal(candidates[0], decision.GetProperty("pick").GetProperty("specialistId").GetString());
            Assert.Equal(candidates.Skip(1), decision.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("specialistId").GetString()));
            Assert.Equal(Enumerable.Range(2, candidates.Count - 1), decision.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("rank").GetInt32()));
            Assert.Equal(decision.GetProperty("excludedCount").GetInt32(), decision.GetProperty("excludedByReason").EnumerateArray().Sum(g => g.GetProperty("count").GetInt32()));
            Assert.True(decision.GetProperty("outsideSubspecialty").GetInt32() > 400);
        });
        Assert.Contains(seats.SelectMany(s => s.GetProperty("decisions")[0].GetProperty("excludedByReason").EnumerateArray()),
            g => g.GetProperty("reason").GetString() == "licence" && g.GetProperty("specialists").EnumerateArray().Any(e => e.GetProperty("specialistId").GetString() == "sp-e2e-berlin"));
        await host.JsonAsync(HttpMethod.Get, "/api/ops/cases/c0000000000000000/panel", ops, expect: 404);

        var workflow = await host.JsonAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/workflow", ops);
        AssertNoPatientData("the workflow", workflow.GetRawText());
        var engine = workflow.GetProperty("workflow");
        Assert.Equal("running", engine.GetProperty("runtimeStatus").GetString());
        Assert.Equal(CaseWorkflowVersions.Current, engine.GetProperty("version").GetString());
        Assert.Equal("review", engine.GetProperty("progress").GetProperty("stage").GetString());
        Assert.Contains(workflow.GetProperty("steps").EnumerateArray(), s => s.GetProperty("key").GetString() == "stage:review");
        Assert.Contains(workflow.GetProperty("stages").EnumerateArray(), s => s.GetProperty("stage").GetString() == "triage" && s.GetProperty("entered").GetInt32() == 1);

        // Suspend → resume, with their conflicts and the reason required.
        var missing = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/suspend", ops, JsonContent.Create(new { }), 400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _));
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/resume", ops, Reason("Not suspended."), 409);
        var suspended = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/suspend", ops, Reason("Pausing while the referral is clarified."), 202);
        Assert.Equal(("suspend", "ops-olga"), (suspended.GetProperty("action").GetString(), suspended.GetProperty("by").GetString()));
        await WorkflowStatusAsync(caseId, ops, "suspended");
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/suspend", ops, Reason("Again."), 409);
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/resume", ops, Reason("Referral clarified."), 202);
        await WorkflowStatusAsync(caseId, ops, "running");
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/resume", ops, Reason("Again."), 409);

        // Withdraw the first seat's offer: the seat goes to its next backup.
        var seat = seats[0];
        var offered = seat.GetProperty("currentReviewer").GetProperty("assignmentId").GetString()!;
        var withdrawn = await host.JsonAsync(HttpMethod.Post, $"/api/ops/assignments/{offered}/withdraw", ops, Reason("The reviewer is on leave."));
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        var after = await EventuallyAsync($"/api/ops/cases/{caseId}/panel", ops, p => p.GetProperty("seats").EnumerateArray()
            .Single(s => s.GetProperty("seatId").GetString() == seat.GetProperty("seatId").GetString())
            .GetProperty("currentReviewer").GetProperty("assignmentId").GetString() != offered, "the next backup's offer");
        var moved = after.GetProperty("seats").EnumerateArray().Single(s => s.GetProperty("seatId").GetString() == seat.GetProperty("seatId").GetString());
        Assert.Equal(seat.GetProperty("candidates")[1].GetProperty("specialistId").GetString(), moved.GetProperty("currentReviewer").GetProperty("specialistId").GetString());
        Assert.Equal("withdrawn", moved.GetProperty("offers")[0].GetProperty("status").GetString());
        await host.JsonAsync(HttpMethod.Post, $"/api/ops/assignments/{offered}/withdraw", ops, Reason("Again."));
        await host.JsonAsync(HttpMethod.Post, "/api/ops/assignments/c0000000000000000-seat-1-1/withdraw", ops, Reason("Unknown."), 404);

        var audit = await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", ops);
        Assert.True(audit.GetProperty("verified").GetBoolean());
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        foreach (var action in new[] { AuditActions.OpsPanelRead, AuditActions.OpsWorkflowRead, AuditActions.CaseSuspend, AuditActions.CaseResume, AuditActions.AssignmentWithdraw })
            Assert.Contains(action, actions);
    }

    [Fact]
    public async Task ops_cancel_a_case_once_with_a_reason_the_patient_does_not_see()
    {
        var ops = await host.TokenAsync("ops-olga", Roles.Ops);
        var caseId = await CaseInReviewAsync(ops);

        var missing = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/cancel", ops, JsonContent.Create(new { reason = " " }), 400);
        Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _));
        var cancelled = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/cancel", ops, Reason("Duplicate of an earlier referral."));
        Assert.Equal("cancel", cancelled.GetProperty("action").GetString());
        Assert.NotEmpty(cancelled.GetProperty("withdrawnAssignments").EnumerateArray());
        var again = await host.JsonAsync(HttpMethod.Post, $"/api/ops/cases/{caseId}/cancel", ops, Reason("Again."), 409);
        Assert.Equal("The case is already cancelled.", again.GetProperty("detail").GetString());

        await WorkflowStatusAsync(caseId, ops, "terminated");
        var patientView = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", await host.TokenAsync("patient-ops-actions", Roles.Patient));
        Assert.Equal("cancelled", patientView.GetProperty("stage").GetString());
        Assert.Contains(patientView.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("event").GetString() == "The case was cancelled by operations.");
        Assert.DoesNotContain("Duplicate of an earlier referral", patientView.GetRawText());
        Assert.All(patientView.GetProperty("panel").EnumerateArray(), s => Assert.Equal("withdrawn", s.GetProperty("status").GetString()));

        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var closed = await host.JsonAsync(HttpMethod.Get, $"/api/ops/cases?closedIn={month}", ops);
        Assert.Contains(closed.EnumerateArray(), c => c.GetProperty("id").GetString() == caseId && c.GetProperty("stage").GetString() == "cancelled");
        Assert.DoesNotContain((await host.JsonAsync(HttpMethod.Get, "/api/ops/cases", ops)).EnumerateArray(), c => c.GetProperty("id").GetString() == caseId);
        var badStage = await host.JsonAsync(HttpMethod.Get, "/api/ops/cases?stage=cancelled", ops, expect: 400);
        Assert.Contains("sign-off", badStage.GetProperty("errors").GetProperty("stage")[0].GetString());

        var notifications = await host.JsonAsync(HttpMethod.Get, $"/api/ops/notifications?caseId={caseId}", ops);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("kind").GetString() == "case-cancelled" && n.GetProperty("recipient").GetProperty("audience").GetString() == "patient");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("kind").GetString() == "assignment-withdrawn");
        var audit = await host.JsonAsync(HttpMethod.Get, $"/api/ops/audit?caseId={caseId}", ops);
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == AuditActions.CaseCancel
            && e.GetProperty("actor").GetString() == "ops-olga" && e.GetProperty("detail").GetString()!.Contains("Duplicate of an earlier referral", StringComparison.Ordinal));
    }
}
