using SecondOpinion.Core.FollowUp;
using SecondOpinion.Core.SignOff;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Functions.Triggers;

/// <summary>
/// One-line <c>[Function]</c> wrappers for the shared orchestrator and activity classes (no source
/// generator here). Keep in step with <see cref="WorkflowActivities.Register"/>: function names are
/// the class names the orchestrator calls.
/// </summary>
public static class WorkflowTriggers
{
    [Function(nameof(CaseOrchestrator))]
    public static Task<CaseWorkflowResult> RunCaseOrchestrator([OrchestrationTrigger] TaskOrchestrationContext ctx) =>
        new CaseOrchestrator().RunAsync(ctx, ctx.GetInput<CaseWorkflowInput>()!);

    [Function(nameof(AdvanceStageActivity))]
    public static Task<bool> AdvanceStage([ActivityTrigger] StageChange input, FunctionContext context) => Run<AdvanceStageActivity, StageChange, bool>(context, input);

    [Function(nameof(ListDocumentsActivity))]
    public static Task<IReadOnlyList<string>> ListDocuments([ActivityTrigger] string input, FunctionContext context) => Run<ListDocumentsActivity, string, IReadOnlyList<string>>(context, input);

    [Function(nameof(ExtractDocumentActivity))]
    public static Task<ExtractionSummary> ExtractDocument([ActivityTrigger] DocumentRef input, FunctionContext context) => Run<ExtractDocumentActivity, DocumentRef, ExtractionSummary>(context, input);

    [Function(nameof(TriageCaseActivity))]
    public static Task<TriageOutcome> TriageCase([ActivityTrigger] string input, FunctionContext context) => Run<TriageCaseActivity, string, TriageOutcome>(context, input);

    [Function(nameof(MatchPanelActivity))]
    public static Task<IReadOnlyList<SeatRef>> MatchPanel([ActivityTrigger] string input, FunctionContext context) => Run<MatchPanelActivity, string, IReadOnlyList<SeatRef>>(context, input);

    [Function(nameof(OfferAssignmentActivity))]
    public static Task<bool> OfferAssignment([ActivityTrigger] OfferRequest input, FunctionContext context) => Run<OfferAssignmentActivity, OfferRequest, bool>(context, input);

    [Function(nameof(UpdateAssignmentActivity))]
    public static Task<AssignmentStatus> UpdateAssignment([ActivityTrigger] AssignmentUpdate input, FunctionContext context) => Run<UpdateAssignmentActivity, AssignmentUpdate, AssignmentStatus>(context, input);

    [Function(nameof(BuildConsensusActivity))]
    public static Task<ConsensusOutcome> BuildConsensus([ActivityTrigger] string input, FunctionContext context) => Run<BuildConsensusActivity, string, ConsensusOutcome>(context, input);

    [Function(nameof(WriteReportActivity))]
    public static Task<ReportRef> WriteReport([ActivityTrigger] string input, FunctionContext context) => Run<WriteReportActivity, string, ReportRef>(context, input);

    [Function(nameof(FollowUpOrchestrator))]
    public static Task<FollowUpResult> RunFollowUpOrchestrator([OrchestrationTrigger] TaskOrchestrationContext ctx) =>
        new FollowUpOrchestrator().RunAsync(ctx, ctx.GetInput<FollowUpInput>()!);

    [Function(nameof(RouteFollowUpActivity))]
    public static Task<bool> RouteFollowUp([ActivityTrigger] FollowUpRoute input, FunctionContext context) => Run<RouteFollowUpActivity, FollowUpRoute, bool>(context, input);

    [Function(nameof(CloseFollowUpActivity))]
    public static Task<int?> CloseFollowUp([ActivityTrigger] FollowUpClose input, FunctionContext context) => Run<CloseFollowUpActivity, FollowUpClose, int?>(context, input);

    [Function(nameof(AddSeatActivity))]
    public static Task<SeatRef?> AddSeat([ActivityTrigger] SeatRequest input, FunctionContext context) => Run<AddSeatActivity, SeatRequest, SeatRef?>(context, input);

    [Function(nameof(DraftReportActivity))]
    public static Task<ReportFiles> DraftReport([ActivityTrigger] SignOffRequestRef input, FunctionContext context) => Run<DraftReportActivity, SignOffRequestRef, ReportFiles>(context, input);

    [Function(nameof(SignReportActivity))]
    public static Task<ReportFiles> SignReport([ActivityTrigger] SignOffRef input, FunctionContext context) => Run<SignReportActivity, SignOffRef, ReportFiles>(context, input);

    [Function(nameof(RematchSeatActivity))]
    public static Task<IReadOnlyList<string>> RematchSeat([ActivityTrigger] SeatRef input, FunctionContext context) => Run<RematchSeatActivity, SeatRef, IReadOnlyList<string>>(context, input);

    [Function(nameof(NextCandidateActivity))]
    public static Task<string?> NextCandidate([ActivityTrigger] SeatProgress input, FunctionContext context) => Run<NextCandidateActivity, SeatProgress, string?>(context, input);

    [Function(nameof(ListRecordsToReadActivity))]
    public static Task<RecordsToRead> ListRecordsToRead([ActivityTrigger] string input, FunctionContext context) => Run<ListRecordsToReadActivity, string, RecordsToRead>(context, input);

    [Function(nameof(ReturnToIntakeActivity))]
    public static Task<bool> ReturnToIntake([ActivityTrigger] IntakeReturn input, FunctionContext context) => Run<ReturnToIntakeActivity, IntakeReturn, bool>(context, input);

    [Function(nameof(CaseCheckpointActivity))]
    public static Task<CaseCheckpoint> CaseCheckpoint([ActivityTrigger] CheckpointRequest input, FunctionContext context) => Run<CaseCheckpointActivity, CheckpointRequest, CaseCheckpoint>(context, input);

    [Function(nameof(HumanWindowActivity))]
    public static Task<WindowTimes> HumanWindow([ActivityTrigger] WindowRequest input, FunctionContext context) => Run<HumanWindowActivity, WindowRequest, WindowTimes>(context, input);

    [Function(nameof(ReopenPanelActivity))]
    public static Task<IReadOnlyList<RevisionRef>> ReopenPanel([ActivityTrigger] ReopenRequest input, FunctionContext context) =>
        Run<ReopenPanelActivity, ReopenRequest, IReadOnlyList<RevisionRef>>(context, input);

    [Function(nameof(SendReminderActivity))]
    public static Task<bool> SendReminder([ActivityTrigger] ReminderRequest input, FunctionContext context) => Run<SendReminderActivity, ReminderRequest, bool>(context, input);

    [Function(nameof(RaiseEscalationActivity))]
    public static Task<bool> RaiseEscalation([ActivityTrigger] EscalationRequest input, FunctionContext context) => Run<RaiseEscalationActivity, EscalationRequest, bool>(context, input);

    [Function(nameof(AnnounceActivity))]
    public static Task<bool> Announce([ActivityTrigger] Announcement input, FunctionContext context) => Run<AnnounceActivity, Announcement, bool>(context, input);

    /// <summary>Creates the activity from this invocation's DI scope and runs it.</summary>
    private static Task<TOut> Run<TActivity, TIn, TOut>(FunctionContext context, TIn input) where TActivity : TaskActivity<TIn, TOut> =>
        ActivatorUtilities.CreateInstance<TActivity>(context.InstanceServices).RunAsync(new FunctionActivityContext(context), input);
}
