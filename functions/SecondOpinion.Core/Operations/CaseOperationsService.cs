using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Operations;

/// <summary>The body of every operations action: why it is taken (kept in the case's timeline and audit trail, never in the workflow).</summary>
public sealed record OpsActionRequest(string? Reason);

/// <summary>What an operations action on a case did; the workflow's own state follows (see <c>GET /api/ops/cases/{caseId}/workflow</c>).</summary>
public sealed record OpsActionResult(string CaseId, string Action, string By, DateTimeOffset At, IReadOnlyList<string> WithdrawnAssignments);

/// <summary>
/// What operations (ops and the medical director) do to a running case: read its panel and its
/// workflow, suspend and resume the workflow, cancel the case, withdraw one assignment. Every action
/// and every read is audited; reasons go to the case and the audit trail, never to the task hub.
/// </summary>
public sealed class CaseOperationsService(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, ICaseWorkflowClient workflow,
    NotificationService notifications, IEventPublisher events, AuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public const string Suspend = "suspend";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string Withdraw = "withdraw";
    public const string Restart = "restart";

    /// <summary>What the engine records as the reason: fixed text, because task-hub history has its own readers.</summary>
    private const string EngineReason = "By operations; the reason is in the case's audit trail.";

    public async Task<Outcome<PanelExplanation>> PanelAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        if (await FindAsync(caseId, ct) is not { } c) return new Outcome<PanelExplanation>.NotFound($"No case {caseId}.");
        var offers = await assignments.ForCaseAsync(caseId, ct);
        var names = (await directory.ListAsync(ct)).ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var panel = PanelExplanation.Build(c, offers, names);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsPanelRead, $"ops/cases/{caseId}/panel", CaseId: caseId,
            Detail: $"{panel.Seats.Count} seat(s), {offers.Count} offer(s)"), ct);
        return panel;
    }

    public async Task<Outcome<WorkflowOverview>> WorkflowAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        if (await FindAsync(caseId, ct) is not { } c) return new Outcome<WorkflowOverview>.NotFound($"No case {caseId}.");
        var status = await workflow.GetStatusAsync(caseId, ct);
        var overview = WorkflowOverview.Build(c, status, clock.GetUtcNow());
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsWorkflowRead, $"ops/cases/{caseId}/workflow", CaseId: caseId,
            Detail: status is null ? "no workflow" : EnumNames.Of(status.RuntimeStatus)), ct);
        return overview;
    }

    /// <summary>Suspends a running workflow: its timers and events wait (an answer given meanwhile is kept and seen on resume).</summary>
    public Task<Outcome<OpsActionResult>> SuspendAsync(Caller caller, string caseId, OpsActionRequest? request, CancellationToken ct = default) =>
        ControlAsync(caller, caseId, request, Suspend, WorkflowRuntimeStatus.Running, AuditActions.CaseSuspend, "Workflow suspended by operations",
            () => workflow.SuspendAsync(caseId, EngineReason, ct), ct);

    public Task<Outcome<OpsActionResult>> ResumeAsync(Caller caller, string caseId, OpsActionRequest? request, CancellationToken ct = default) =>
        ControlAsync(caller, caseId, request, Resume, WorkflowRuntimeStatus.Suspended, AuditActions.CaseResume, "Workflow resumed by operations",
            () => workflow.ResumeAsync(caseId, EngineReason, ct), ct);

    private async Task<Outcome<OpsActionResult>> ControlAsync(Caller caller, string caseId, OpsActionRequest? request, string action, WorkflowRuntimeStatus from,
        string auditAction, string what, Func<Task> control, CancellationToken ct)
    {
        if (await FindAsync(caseId, ct) is null) return new Outcome<OpsActionResult>.NotFound($"No case {caseId}.");
        if (ReasonOf(request) is not { } reason) return ReasonRequired<OpsActionResult>();
        var status = await workflow.GetStatusAsync(caseId, ct);
        if (status?.RuntimeStatus != from)
            return new Outcome<OpsActionResult>.Conflict(
                $"The case's workflow is {(status is null ? "not started" : EnumNames.Of(status.RuntimeStatus))}; only a {EnumNames.Of(from)} workflow can be {(action == Suspend ? "suspended" : "resumed")}.");
        await control();
        await audit.RecordAsync(caller, new AuditEvent(auditAction, $"ops/cases/{caseId}/{action}", CaseId: caseId, Detail: $"reason: {reason}"), ct);
        var now = clock.GetUtcNow();
        await cases.UpdateAsync(caseId, c => c.WithEvent(OpsTimeline.Note(what, caller.Subject, reason), now, key: OpsTimeline.NextKey(c, action)), ct);
        return new OpsActionResult(caseId, action, caller.Subject, now, []);
    }

    /// <summary>
    /// Restarts a case whose workflow failed (a step out of retries) or is stuck: a running one is
    /// stopped first, then the same orchestration starts again from its input. Steps already done find
    /// their work in the store and do nothing twice; answers, opinions and decisions already given are
    /// read from the store instead of waited for (workflow 3.0), so the case goes on from the stage it
    /// was in. Not for cases that ended (completed, expired, cancelled).
    /// </summary>
    public async Task<Outcome<OpsActionResult>> RestartAsync(Caller caller, string caseId, OpsActionRequest? request, CancellationToken ct = default)
    {
        if (await FindAsync(caseId, ct) is not { } c) return new Outcome<OpsActionResult>.NotFound($"No case {caseId}.");
        if (ReasonOf(request) is not { } reason) return ReasonRequired<OpsActionResult>();
        if (c.Stage.IsClosed()) return new Outcome<OpsActionResult>.Conflict($"The case is {EnumNames.Of(c.Stage)}; only a case that has not ended can be restarted.");
        var status = await workflow.GetStatusAsync(caseId, ct);
        if (status is null) return new Outcome<OpsActionResult>.Conflict("The case's workflow has not started.");
        if (status.RuntimeStatus is WorkflowRuntimeStatus.Completed)
            return new Outcome<OpsActionResult>.Conflict("The case's workflow has completed; there is nothing to restart.");
        // Before 3.0 the workflow waits for events the earlier run already received: it would stall.
        if (!CaseWorkflowVersions.AtLeast(status.Version, CaseWorkflowVersions.V3))
            return new Outcome<OpsActionResult>.Conflict($"The case runs on workflow {status.Version ?? CaseWorkflowVersions.V1}, which cannot pick up where it was; resolve it by hand.");
        await workflow.RestartAsync(caseId, c.Tier, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.CaseRestart, $"ops/cases/{caseId}/{Restart}", CaseId: caseId,
            Detail: $"was {EnumNames.Of(status.RuntimeStatus)}; reason: {reason}"), ct);
        var now = clock.GetUtcNow();
        await cases.UpdateAsync(caseId, x => x.WithEvent(OpsTimeline.Note($"Workflow restarted by operations (was {EnumNames.Of(status.RuntimeStatus)} at {EnumNames.Of(x.Stage)})", caller.Subject, reason),
            now, key: OpsTimeline.NextKey(x, Restart)), ct);
        return new OpsActionResult(caseId, Restart, caller.Subject, now, []);
    }

    /// <summary>
    /// Cancels a case that has not ended: the workflow is terminated, the case moves to
    /// <see cref="CaseStage.Cancelled"/>, every open offer and review is withdrawn, and the patient (and
    /// referring hospital) and the withdrawn specialists are told. Asking again is a conflict; it also
    /// finishes what a first attempt left undone.
    /// </summary>
    public async Task<Outcome<OpsActionResult>> CancelAsync(Caller caller, string caseId, OpsActionRequest? request, CancellationToken ct = default)
    {
        if (await FindAsync(caseId, ct) is not { } c) return new Outcome<OpsActionResult>.NotFound($"No case {caseId}.");
        if (ReasonOf(request) is not { } reason) return ReasonRequired<OpsActionResult>();
        if (c.Stage == CaseStage.Cancelled)
        {
            await FinishCancelAsync(c, ct);
            return new Outcome<OpsActionResult>.Conflict("The case is already cancelled.");
        }
        if (c.Stage.IsClosed()) return new Outcome<OpsActionResult>.Conflict($"The case is {EnumNames.Of(c.Stage)} and can no longer be cancelled.");

        // The workflow first: once the case says cancelled, nothing may still be running it.
        var status = await workflow.GetStatusAsync(caseId, ct);
        if (status is { IsFinished: false })
        {
            var opinions = (await assignments.ForCaseAsync(caseId, ct)).Count(a => a.Status == AssignmentStatus.Completed);
            await workflow.TerminateAsync(caseId, new CaseWorkflowResult(caseId, "cancelled", null, opinions), ct);
        }
        var now = clock.GetUtcNow();
        var mine = false;
        var cancelled = await cases.UpdateAsync(caseId, x =>
        {
            mine = !x.Stage.IsClosed();
            return mine
                ? (x.WithStage(CaseStage.Cancelled, "The case was cancelled by operations.", now) with { SignOffDueAt = null })
                    .WithEvent(OpsTimeline.Note("Cancelled by operations", caller.Subject, reason), now, key: $"{OpsTimeline.KeyPrefix}{Cancel}")
                : x;
        }, ct);
        if (!mine) return new Outcome<OpsActionResult>.Conflict($"The case is {EnumNames.Of(cancelled.Stage)} and can no longer be cancelled.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.CaseCancel, $"ops/cases/{caseId}/cancel", CaseId: caseId,
            Detail: $"from {EnumNames.Of(c.Stage)}; reason: {reason}"), ct);
        var withdrawn = await FinishCancelAsync(cancelled, ct);
        return new OpsActionResult(caseId, Cancel, caller.Subject, now, withdrawn);
    }

    /// <summary>Withdraws what is still open on a cancelled case, tells the people concerned, and announces it; safe to repeat.</summary>
    private async Task<IReadOnlyList<string>> FinishCancelAsync(CaseFile cancelled, CancellationToken ct)
    {
        var caseId = cancelled.Id;
        var cancelledAt = cancelled.StageEnteredAt;
        var withdrawn = new List<string>();
        foreach (var open in (await assignments.ForCaseAsync(caseId, ct)).Where(a => a.IsActive))
        {
            var updated = await assignments.UpdateAsync(caseId, open.Id, a => a.IsActive ? a with { Status = AssignmentStatus.Withdrawn, ClosedAt = cancelledAt } : a, ct);
            if (updated.Status == AssignmentStatus.Withdrawn) withdrawn.Add(updated.Id);
        }
        var allWithdrawn = (await assignments.ForCaseAsync(caseId, ct)).Where(a => a.Status == AssignmentStatus.Withdrawn && a.ClosedAt == cancelledAt).ToList();
        await notifications.NotifyAllAsync(allWithdrawn.Select(a => new NotificationRequest(NotificationKind.AssignmentWithdrawn, caseId, $"cancelled:{a.Id}",
            NotificationAudience.Specialist, a.SpecialistId, a.Id)), ct);
        await notifications.NotifyAllAsync(
        [
            new(NotificationKind.CaseCancelled, caseId, "cancelled", NotificationAudience.Patient),
            new(NotificationKind.CaseCancelled, caseId, "cancelled", NotificationAudience.Hospital),
        ], ct);
        var stageStep = CaseFile.StageKey(CaseStage.Cancelled);
        var previous = cancelled.Timeline.TakeWhile(t => t.Key != stageStep).LastOrDefault()?.Stage ?? CaseStage.Intake;
        await events.PublishAsync(new IntegrationEvent(EventIds.For(caseId, stageStep), EventTypes.CaseStageChanged, caseId, cancelledAt,
            new Dictionary<string, string> { ["stage"] = EnumNames.Of(CaseStage.Cancelled) }), ct);
        await events.PublishAsync(new IntegrationEvent(EventIds.For(caseId, "cancelled"), EventTypes.CaseCancelled, caseId, cancelledAt,
            new Dictionary<string, string> { ["previousStage"] = EnumNames.Of(previous), ["withdrawnAssignments"] = allWithdrawn.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }), ct);
        return withdrawn;
    }

    /// <summary>
    /// Withdraws an open offer, or a review accepted but not yet given: the assignment is closed as
    /// withdrawn and the specialist told. A withdrawn offer is, to the workflow, a declined one: the
    /// seat goes to the next backup at once; so does a withdrawn review (workflow 3.0; before, the seat
    /// moved on at the opinion deadline).
    /// </summary>
    public async Task<Outcome<Assignment>> WithdrawAsync(Caller caller, string assignmentId, OpsActionRequest? request, CancellationToken ct = default)
    {
        var caseId = AssignmentService.CaseIdOf(assignmentId);
        var assignment = caseId is null ? null : await assignments.FindAsync(caseId, assignmentId, ct);
        if (assignment is null) return new Outcome<Assignment>.NotFound($"No assignment {assignmentId}.");
        if (ReasonOf(request) is not { } reason) return ReasonRequired<Assignment>();
        if (assignment.Status == AssignmentStatus.Withdrawn)
        {
            // Withdrawing twice changes nothing; only a first attempt that stopped before telling the
            // workflow and the specialist is finished here.
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.AssignmentWithdraw, $"ops/assignments/{assignmentId}/withdraw", CaseId: caseId,
                Detail: "repeated; nothing changed"), ct);
            return await FinishWithdrawAsync(assignment, ct);
        }
        if (assignment.Status is not (AssignmentStatus.Offered or AssignmentStatus.Accepted) || assignment.Opinion is not null)
            return new Outcome<Assignment>.Conflict(
                $"The assignment is {EnumNames.Of(assignment.Status)}{(assignment.Opinion is null ? "" : " with an opinion")}; only an open offer or a review not yet given can be withdrawn.");
        var now = clock.GetUtcNow();
        var was = assignment.Status;
        var updated = await assignments.UpdateAsync(assignment.CaseId, assignmentId, a => a.Status == was && a.Opinion is null
            ? a with { Status = AssignmentStatus.Withdrawn, ClosedAt = now }
            : a, ct);
        if (updated.Status != AssignmentStatus.Withdrawn)
            return new Outcome<Assignment>.Conflict($"The assignment became {EnumNames.Of(updated.Status)} meanwhile; it was not withdrawn.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.AssignmentWithdraw, $"ops/assignments/{assignmentId}/withdraw", CaseId: caseId,
            Detail: $"{EnumNames.Of(was)}; reason: {reason}"), ct);
        var what = $"Assignment {assignmentId} ({assignment.SeatId}, {EnumNames.Of(was)}) withdrawn from {assignment.SpecialistId} by operations";
        await cases.UpdateAsync(assignment.CaseId, c => c.WithEvent(OpsTimeline.Note(what, caller.Subject, reason), now, key: $"{OpsTimeline.KeyPrefix}{Withdraw}:{assignmentId}"), ct);
        return await FinishWithdrawAsync(updated, ct);
    }

    private async Task<Assignment> FinishWithdrawAsync(Assignment withdrawn, CancellationToken ct)
    {
        // An offer never answered is declined as far as the workflow is concerned (as a decline, once).
        // A cancelled case's workflow is gone: there is nobody to tell.
        if (withdrawn.AcceptedAt is null && !withdrawn.AnswerRaised && (await cases.GetAsync(withdrawn.CaseId, ct)).Stage != CaseStage.Cancelled)
        {
            await workflow.RaiseEventAsync(withdrawn.CaseId, CaseEvents.Answer(withdrawn.Id), new AssignmentAnswered(false), ct);
            withdrawn = await assignments.UpdateAsync(withdrawn.CaseId, withdrawn.Id, a => a with { AnswerRaised = true }, ct);
        }
        // A review accepted but not given: since workflow 3.0 the seat moves on at once (once).
        if (withdrawn.AcceptedAt is not null && !withdrawn.WithdrawalRaised && (await cases.GetAsync(withdrawn.CaseId, ct)).Stage != CaseStage.Cancelled)
        {
            await workflow.RaiseEventAsync(withdrawn.CaseId, CaseEvents.Withdrawn(withdrawn.Id), true, ct);
            withdrawn = await assignments.UpdateAsync(withdrawn.CaseId, withdrawn.Id, a => a with { WithdrawalRaised = true }, ct);
        }
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.AssignmentWithdrawn, withdrawn.CaseId, $"withdrawn:{withdrawn.Id}",
            NotificationAudience.Specialist, withdrawn.SpecialistId, withdrawn.Id), ct);
        return withdrawn;
    }

    private async Task<CaseFile?> FindAsync(string caseId, CancellationToken ct) => CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;

    private static string? ReasonOf(OpsActionRequest? request) =>
        request?.Reason is { } r && !string.IsNullOrWhiteSpace(r) && r.Trim().Length <= MaxReasonLength ? r.Trim() : null;

    private static Outcome<T> ReasonRequired<T>() =>
        new Outcome<T>.Invalid(new Dictionary<string, string[]> { ["reason"] = [$"Say why (required, at most {MaxReasonLength} characters)."] });
}
