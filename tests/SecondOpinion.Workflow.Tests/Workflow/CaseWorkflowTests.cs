using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>The case orchestration on the in-memory durable engine, with deadlines of seconds.</summary>
public sealed class CaseWorkflowTests : IAsyncLifetime
{
    private const string ProstateRecord = "Biopsy: adenocarcinoma of the prostate, Gleason 3 + 4 = 7. PSA 6.8 ng/mL. Plan: radical prostatectomy (surgery).";
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();
    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task a_case_goes_from_records_to_a_stored_report_with_every_opinion()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());

        var state = await harness.ReviewUntilCompletedAsync(caseId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var result = state.ReadOutputAs<CaseWorkflowResult>()!;
        Assert.Equal("completed", result.Outcome);
        var caseFile = await harness.Cases.GetAsync(caseId);
        Assert.Equal(CaseStage.Completed, caseFile.Stage);
        Assert.Equal(["medical-oncology", "urologic-oncology", "genitourinary-pathology", "surgical-oncology"], caseFile.Triage!.Subspecialties);
        Assert.Equal(4, result.Opinions);
        Assert.All(caseFile.Documents, d => Assert.Equal(Core.Records.ExtractionMethod.TextLayer, d.Extraction!.Method));
        var reportJson = await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, BlobLayout.ReportJson(caseId));
        Assert.Contains("\"reviewers\"", reportJson);
        var reportPdf = await harness.Files.GetInfoAsync(BlobLayout.ReportsContainer, BlobLayout.ReportPdf(caseId));
        Assert.Equal("application/pdf", reportPdf?.ContentType);
        Assert.NotNull(await harness.Files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(caseId, "d01")));
        Assert.Contains(harness.Events.Published, e => e.Type == EventTypes.ReportReady && e.CaseId == caseId);
    }

    [Fact]
    public async Task the_orchestration_history_carries_no_patient_data()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.ReviewUntilCompletedAsync(caseId);

        var state = await harness.Client.GetInstanceAsync(CaseInstance.IdFor(caseId), getInputsAndOutputs: true);
        var exposed = $"{state!.SerializedInput} {state.SerializedOutput} {state.SerializedCustomStatus}";
        foreach (var phi in new[] { "Test Patient", "1960-01-01", "t@example.org", "prostatectomy", "adenocarcinoma", "Gleason" })
            Assert.DoesNotContain(phi, exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task the_case_waits_at_intake_until_records_are_complete()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient(), recordsComplete: false);
        await Task.Delay(500);
        Assert.Equal(CaseStage.Intake, (await harness.Cases.GetAsync(caseId)).Stage);
        Assert.Empty(await harness.AssignmentsAsync(caseId));

        await harness.Client.RaiseEventAsync(CaseInstance.IdFor(caseId), CaseEvents.RecordsComplete, new RecordsCompleted(DateTimeOffset.UtcNow));
        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
    }

    [Fact]
    public async Task intake_that_never_completes_is_reminded_escalated_and_then_expires()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient(intake: TimeSpan.FromSeconds(1)), recordsComplete: false);

        var state = await harness.Client.WaitForInstanceCompletionAsync(CaseInstance.IdFor(caseId), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal("expired", state.ReadOutputAs<CaseWorkflowResult>()!.Outcome);
        Assert.Equal(CaseStage.Expired, (await harness.Cases.GetAsync(caseId)).Stage);
        var reasons = (await harness.Escalations.ForCaseAsync(caseId)).Where(e => e.CaseId == caseId).Select(e => e.Reason).ToList();
        Assert.Equal([EscalationReasons.IntakeOverdue, EscalationReasons.IntakeExpired], reasons);
        Assert.Contains(harness.Events.Published, e => e.Type == EventTypes.ReminderSent && e.CaseId == caseId && e.Data["kind"] == "intake");
    }

    [Fact]
    public async Task a_declined_offer_goes_to_the_next_ranked_backup()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        var first = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "first offer");
        Assert.Equal("sp-medical-oncology-1", first.SpecialistId);

        var declined = await harness.Specialists.DeclineAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id);
        Assert.IsType<Outcome<Assignment>.Ok>(declined);

        var backup = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != first.Id, "backup offer");
        Assert.Equal("sp-medical-oncology-2", backup.SpecialistId);
        Assert.Equal(Assignment.MakeId(caseId, "seat-1", 2), backup.Id);
        await harness.ReviewUntilCompletedAsync(caseId);
    }

    [Fact]
    public async Task an_unanswered_offer_expires_is_escalated_and_moves_to_the_backup()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis; proposed valve replacement.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(accept: TimeSpan.FromSeconds(2)));
        var first = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "first offer");

        // Nobody answers seat-1's first offer; the backup is offered after the accept window.
        var backup = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != first.Id, "backup offer");
        Assert.Equal(AssignmentStatus.Expired, (await harness.Assignments.FindAsync(caseId, first.Id))!.Status);
        var escalations = await harness.OpenEscalationsAsync();
        Assert.Contains(escalations, e => e.CaseId == caseId && e.Reason == EscalationReasons.OfferUnanswered);
        Assert.Contains(harness.Events.Published, e => e.Type == EventTypes.ReminderSent && e.Data["kind"] == "offer" && e.Data["assignmentId"] == first.Id);
        Assert.NotEqual(first.SpecialistId, backup.SpecialistId);
    }

    [Fact]
    public async Task an_overdue_opinion_is_escalated_and_the_seat_reassigned()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis; proposed valve replacement.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(opinion: TimeSpan.FromSeconds(2)));
        var first = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "first offer");
        await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id);

        var backup = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != first.Id, "reassignment");
        Assert.Equal(AssignmentStatus.Reassigned, (await harness.Assignments.FindAsync(caseId, first.Id))!.Status);
        var escalations = await harness.OpenEscalationsAsync();
        Assert.Contains(escalations, e => e.CaseId == caseId && e.Reason == EscalationReasons.OpinionOverdue);

        // The late reviewer can no longer submit: the seat has moved on.
        var late = await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id, WorkflowHarness.Opinion());
        Assert.IsType<Outcome<Assignment>.Conflict>(late);
        Assert.NotEqual(first.SpecialistId, backup.SpecialistId);
    }

    [Fact]
    public async Task discordant_opinions_keep_the_dissent_in_the_report()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.ReviewUntilCompletedAsync(caseId, a => a.SeatId == "seat-1"
            ? WorkflowHarness.Opinion("disagree", surgery: false, confidence: 0.9)
            : WorkflowHarness.Opinion());

        var caseFile = await harness.Cases.GetAsync(caseId);
        Assert.False(caseFile.Consensus!.Concordant);
        Assert.Equal(["sp-medical-oncology-1"], caseFile.Consensus.DissentingSpecialists);
        var report = await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, BlobLayout.ReportJson(caseId));
        Assert.Contains("sp-medical-oncology-1", report);
    }

    [Fact]
    public async Task an_unreadable_record_is_flagged_and_the_case_still_proceeds()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord, "CORRUPT bytes");
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.ReviewUntilCompletedAsync(caseId);
        var documents = (await harness.Cases.GetAsync(caseId)).Documents;
        var unreadable = documents.Single(d => d.Id == "d02");
        Assert.Equal(ReadingProblems.Damaged, unreadable.Extraction!.Error);
        Assert.Equal(ReadingProblems.Of(ReadingProblems.Damaged), unreadable.Extraction.Problem);
        Assert.Equal("unreadable", unreadable.ReadingStatus);
        Assert.Null(documents.Single(d => d.Id == "d01").Extraction!.Error);
        Assert.Equal("read", documents.Single(d => d.Id == "d01").ReadingStatus);

        var caseFile = await harness.Cases.GetAsync(caseId);
        var entry = Assert.Single(caseFile.Timeline, t => t.Key == "read:d02");
        Assert.True(entry.PatientFacing);
        Assert.Contains(ReadingProblems.Of(ReadingProblems.Damaged).NextStep, entry.Event);
        Assert.DoesNotContain("test record", entry.Event); // never the exception's text

        var sent = (await harness.Services.GetRequiredService<INotificationRepository>().ForCaseAsync(caseId, new PageRequest(PageRequest.MaxSize))).Items;
        var notice = Assert.Single(sent, n => n.Kind == NotificationKind.RecordUnreadable);
        Assert.Equal(NotificationAudience.Patient, notice.Recipient.Audience);
        Assert.Equal(NotificationIds.For(caseId, "record-unreadable:d02", NotificationAudience.Patient), notice.Id);
    }

    [Fact]
    public async Task a_case_with_no_readable_record_goes_back_to_intake_and_carries_on_once_a_readable_copy_is_submitted()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", "CORRUPT bytes");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(intake: TimeSpan.FromSeconds(2)));

        // Nothing goes to reviewers: the case is back at intake, the patient is told and, after half the window, reminded.
        var returned = await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId),
            c => c.Stage == CaseStage.Intake && c.Timeline.Any(t => t.Key == "stage:intake:r2"), what: "return to intake");
        Assert.Null(returned.RecordsCompletedAt);
        Assert.Contains(returned.Timeline, t => t.PatientFacing && t.Event.Contains("could be read", StringComparison.Ordinal));
        await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId), c => c.Timeline.Any(t => t.Key == "reminder:intake:r2"), what: "second-round intake reminder");
        Assert.Empty(await harness.AssignmentsAsync(caseId));
        var notes = await harness.Services.GetRequiredService<INotificationRepository>().ForCaseAsync(caseId, new PageRequest(PageRequest.MaxSize));
        Assert.Contains(notes.Items, n => n.Kind == NotificationKind.RecordsNeeded);

        // A readable copy is uploaded and the case submitted again: only the new record is read, and the case goes on.
        var upload = await harness.Services.GetRequiredService<CaseService>().UploadDocumentAsync(WorkflowHarness.PatientCaller(), caseId, "biopsy.txt", "text/plain",
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ProstateRecord)));
        Assert.IsType<Outcome<CaseDocument>.Ok>(upload);
        Assert.IsType<Outcome<CaseFile>.Ok>(await harness.Services.GetRequiredService<CaseService>().SubmitAsync(WorkflowHarness.PatientCaller(), caseId));
        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var done = await harness.Cases.GetAsync(caseId);
        Assert.Equal(2, done.Documents.Count);
        Assert.NotNull(done.Documents.Single(d => d.Id == "d01").Extraction!.Error);
        Assert.Null(done.Documents.Single(d => d.Id != "d01").Extraction!.Error);
    }

    [Fact]
    public async Task thirty_cases_run_side_by_side_to_completion()
    {
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis.");
            await harness.StartAsync(caseId, WorkflowHarness.Patient());
            ids.Add(caseId);
        }
        var states = await Task.WhenAll(ids.Select(id => harness.ReviewUntilCompletedAsync(id)));
        Assert.All(states, s => Assert.Equal(OrchestrationRuntimeStatus.Completed, s.RuntimeStatus));
    }

    [Fact]
    public async Task a_case_running_late_is_escalated_at_risk_then_at_breach_and_still_completes()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(sla: TimeSpan.FromSeconds(2)));
        await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "first offer");

        // Nobody answers for longer than the SLA.
        await harness.EventuallyAsync(() => harness.OpenEscalationsAsync(),
            list => list.Any(e => e.CaseId == caseId && e.Reason == EscalationReasons.SlaBreached), what: "SLA breach escalation");
        var reasons = (await harness.OpenEscalationsAsync()).Where(e => e.CaseId == caseId).Select(e => e.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == EscalationReasons.SlaAtRisk));
        Assert.Equal(1, reasons.Count(r => r == EscalationReasons.SlaBreached));

        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("completed", state.ReadOutputAs<CaseWorkflowResult>()!.Outcome);
    }

    [Fact]
    public async Task a_case_finished_in_time_raises_no_sla_escalation()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(sla: TimeSpan.FromMinutes(5)));
        await harness.ReviewUntilCompletedAsync(caseId);
        Assert.DoesNotContain(await harness.Escalations.ForCaseAsync(caseId), e => e.CaseId == caseId && e.Reason.StartsWith("sla-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task records_completed_after_the_intake_escalation_still_start_the_review()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient(intake: TimeSpan.FromSeconds(1)), recordsComplete: false);
        await harness.EventuallyAsync(() => harness.OpenEscalationsAsync(),
            list => list.Any(e => e.CaseId == caseId && e.Reason == EscalationReasons.IntakeOverdue), what: "intake escalation");

        await harness.Client.RaiseEventAsync(CaseInstance.IdFor(caseId), CaseEvents.RecordsComplete, new RecordsCompleted(DateTimeOffset.UtcNow));

        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal("completed", state.ReadOutputAs<CaseWorkflowResult>()!.Outcome);
        Assert.DoesNotContain(await harness.Escalations.ForCaseAsync(caseId), e => e.CaseId == caseId && e.Reason == EscalationReasons.IntakeExpired);
    }
}

public sealed class PanelSeatTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    private static Core.Matching.Specialist Doctor(string id, int years, params string[] subspecialties) => new()
    {
        Id = id, Name = id, Subspecialties = subspecialties, LicensedJurisdictions = ["US-OH"], Languages = ["en"], MaxActiveCases = 10, YearsExperience = years,
    };

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync(
    [
        Doctor("onc-1", 30, "medical-oncology"),
        Doctor("both", 25, "medical-oncology", "pathology"),
        Doctor("path-1", 20, "pathology"),
        Doctor("onc-2", 10, "medical-oncology"),
    ]);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task a_backup_already_sitting_on_another_seat_is_skipped()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is chemotherapy needed?", "Biopsy shows carcinoma.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        var seat1 = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "seat-1 offer");
        var seat2 = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-2", "seat-2 offer");
        Assert.Equal(("onc-1", "both"), (seat1.SpecialistId, seat2.SpecialistId));

        await harness.Specialists.DeclineAsync(WorkflowHarness.SpecialistCaller("onc-1"), seat1.Id);

        // "both" is seat-1's next backup, but already holds seat-2: the offer goes to onc-2.
        var next = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != seat1.Id, "seat-1 backup offer");
        Assert.Equal("onc-2", next.SpecialistId);
        Assert.Single(await harness.AssignmentsAsync(caseId), a => a.SpecialistId == "both");
        await harness.ReviewUntilCompletedAsync(caseId);
    }
}
