using Microsoft.DurableTask;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Workflow;

/// <summary>Typed calls from the orchestrator to its activities (there is no source generator here).</summary>
public static class WorkflowActivities
{
    /// <summary>Storage hiccups are retried; a bug fails the case visibly after the last try.</summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(8, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    /// <summary>Every orchestrator and activity, for the local host and the in-memory engine to register.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<CaseOrchestrator>();
        registry.AddActivity<AdvanceStageActivity>();
        registry.AddActivity<ListDocumentsActivity>();
        registry.AddActivity<ExtractDocumentActivity>();
        registry.AddActivity<TriageCaseActivity>();
        registry.AddActivity<MatchPanelActivity>();
        registry.AddActivity<OfferAssignmentActivity>();
        registry.AddActivity<UpdateAssignmentActivity>();
        registry.AddActivity<BuildConsensusActivity>();
        registry.AddActivity<WriteReportActivity>();
        registry.AddActivity<SendReminderActivity>();
        registry.AddActivity<RaiseEscalationActivity>();
        registry.AddActivity<AnnounceActivity>();
        registry.AddActivity<AddSeatActivity>();
        registry.AddActivity<DraftReportActivity>();
        registry.AddActivity<SignReportActivity>();
        registry.AddActivity<ReopenPanelActivity>();
        registry.AddActivity<HumanWindowActivity>();
        registry.AddActivity<RematchSeatActivity>();
        registry.AddActivity<NextCandidateActivity>();
        registry.AddActivity<CaseCheckpointActivity>();
        registry.AddActivity<Intake.ListRecordsToReadActivity>();
        registry.AddActivity<Intake.ReturnToIntakeActivity>();
        registry.AddOrchestrator<FollowUp.FollowUpOrchestrator>();
        registry.AddActivity<FollowUp.RouteFollowUpActivity>();
        registry.AddActivity<FollowUp.CloseFollowUpActivity>();
    }

    public static Task AdvanceStageAsync(this TaskOrchestrationContext c, StageChange change) =>
        c.CallActivityAsync(nameof(AdvanceStageActivity), change, Retry);

    public static Task<IReadOnlyList<string>> ListDocumentsAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<IReadOnlyList<string>>(nameof(ListDocumentsActivity), caseId, Retry);

    public static Task<Intake.RecordsToRead> ListRecordsToReadAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<Intake.RecordsToRead>(nameof(Intake.ListRecordsToReadActivity), caseId, Retry);

    public static Task ReturnToIntakeAsync(this TaskOrchestrationContext c, Intake.IntakeReturn request) =>
        c.CallActivityAsync(nameof(Intake.ReturnToIntakeActivity), request, Retry);

    public static Task<ExtractionSummary> ExtractDocumentAsync(this TaskOrchestrationContext c, DocumentRef document) =>
        c.CallActivityAsync<ExtractionSummary>(nameof(ExtractDocumentActivity), document, Retry);

    public static Task<TriageOutcome> TriageCaseAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<TriageOutcome>(nameof(TriageCaseActivity), caseId, Retry);

    public static Task<IReadOnlyList<SeatRef>> MatchPanelAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<IReadOnlyList<SeatRef>>(nameof(MatchPanelActivity), caseId, Retry);

    /// <returns>False when the offer was not made (the specialist already sits on another seat).</returns>
    public static Task<bool> OfferAssignmentAsync(this TaskOrchestrationContext c, OfferRequest offer) =>
        c.CallActivityAsync<bool>(nameof(OfferAssignmentActivity), offer, Retry);

    public static Task<AssignmentStatus> UpdateAssignmentAsync(this TaskOrchestrationContext c, AssignmentUpdate update) =>
        c.CallActivityAsync<AssignmentStatus>(nameof(UpdateAssignmentActivity), update, Retry);

    public static Task<ConsensusOutcome> BuildConsensusAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<ConsensusOutcome>(nameof(BuildConsensusActivity), caseId, Retry);

    public static Task<ReportRef> WriteReportAsync(this TaskOrchestrationContext c, string caseId) =>
        c.CallActivityAsync<ReportRef>(nameof(WriteReportActivity), caseId, Retry);

    /// <returns>New candidates for the seat from the directory as it is now; none when nobody else is eligible.</returns>
    public static Task<IReadOnlyList<string>> RematchSeatAsync(this TaskOrchestrationContext c, SeatRef seat) =>
        c.CallActivityAsync<IReadOnlyList<string>>(nameof(RematchSeatActivity), seat, Retry);

    /// <returns>The seat's next candidate not yet tried, from the stored plan; null when none is left.</returns>
    public static Task<string?> NextCandidateAsync(this TaskOrchestrationContext c, SeatProgress progress) =>
        c.CallActivityAsync<string?>(nameof(NextCandidateActivity), progress, Retry);

    public static Task<CaseCheckpoint> CheckpointAsync(this TaskOrchestrationContext c, CheckpointRequest request) =>
        c.CallActivityAsync<CaseCheckpoint>(nameof(CaseCheckpointActivity), request, Retry);

    public static Task<WindowTimes> HumanWindowAsync(this TaskOrchestrationContext c, WindowRequest request) =>
        c.CallActivityAsync<WindowTimes>(nameof(HumanWindowActivity), request, Retry);

    /// <returns>Null when nobody in the directory is eligible for the seat.</returns>
    public static Task<SeatRef?> AddSeatAsync(this TaskOrchestrationContext c, SeatRequest request) =>
        c.CallActivityAsync<SeatRef?>(nameof(AddSeatActivity), request, Retry);

    public static Task<ReportFiles> DraftReportAsync(this TaskOrchestrationContext c, SignOffRequestRef request) =>
        c.CallActivityAsync<ReportFiles>(nameof(DraftReportActivity), request, Retry);

    public static Task<ReportFiles> SignReportAsync(this TaskOrchestrationContext c, SignOffRef decision) =>
        c.CallActivityAsync<ReportFiles>(nameof(SignReportActivity), decision, Retry);

    public static Task<IReadOnlyList<RevisionRef>> ReopenPanelAsync(this TaskOrchestrationContext c, ReopenRequest request) =>
        c.CallActivityAsync<IReadOnlyList<RevisionRef>>(nameof(ReopenPanelActivity), request, Retry);

    /// <summary>Best effort: a reminder that cannot be sent must not fail the case (the deadline still escalates).</summary>
    public static async Task SendReminderAsync(this TaskOrchestrationContext c, ReminderRequest reminder)
    {
        try
        {
            await c.CallActivityAsync(nameof(SendReminderActivity), reminder, Retry);
        }
        catch (TaskFailedException)
        {
        }
    }

    public static Task AnnounceAsync(this TaskOrchestrationContext c, Announcement announcement) =>
        c.CallActivityAsync(nameof(AnnounceActivity), announcement, Retry);

    public static Task RaiseEscalationAsync(this TaskOrchestrationContext c, EscalationRequest escalation) =>
        c.CallActivityAsync(nameof(RaiseEscalationActivity), escalation, Retry);
}
