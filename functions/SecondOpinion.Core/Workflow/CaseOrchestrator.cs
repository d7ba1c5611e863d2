using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Workflow;

/// <summary>
/// One case, end to end: intake → records → triage → matching → review (one branch per seat) →
/// consensus (a tie-breaker when reviewers disagree) → draft report → the medical director's sign-off
/// (sign, return to the panel, or add a reviewer) → signed report, with reminders and escalations on
/// every wait for a person.
/// Deterministic: context time only, no I/O; all work happens in activities.
/// </summary>
public sealed class CaseOrchestrator : TaskOrchestrator<CaseWorkflowInput, CaseWorkflowResult>
{
    public override async Task<CaseWorkflowResult> RunAsync(TaskOrchestrationContext context, CaseWorkflowInput input)
    {
        var log = context.CreateReplaySafeLogger<CaseOrchestrator>();
        var caseId = input.CaseId;
        var policy = input.Deadlines;

        // Since 2.0 the workflow announces the case itself: retried until published, never lost.
        if (CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V2))
            await context.AnnounceAsync(new Announcement(caseId, EventTypes.CaseCreated));

        // 1. Intake: wait for the records to be complete, remind, escalate, and finally expire.
        //    Since 3.1 the records are read here, before the SLA starts, and a case none of whose
        //    records can be read goes back to intake for readable copies (each round its own window).
        var readsRecordsAtIntake = CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3_1);
        var recordsCompletedAt = input.RecordsCompletedAt ?? context.CurrentUtcDateTime;
        for (var round = 1; ; round++)
        {
            context.SetCustomStatus(new CaseProgress(CaseStage.Intake));
            if (round > 1 || !input.RecordsAlreadyComplete)
            {
                // A restarted case whose records were already submitted does not wait for them again.
                var completed = CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3)
                    && (await context.CheckpointAsync(new CheckpointRequest(caseId))).RecordsCompletedAt is { } already
                    ? new RecordsCompleted(already)
                    : await WaitForRecordsAsync(context, caseId, policy, round);
                if (completed is null)
                {
                    await context.RaiseEscalationAsync(new EscalationRequest(IntakeStepId(caseId, "intake-expired", round), caseId, EscalationReasons.IntakeExpired,
                        "Records were never completed; the case was closed."));
                    await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Expired, "Intake window passed twice without complete records."));
                    log.LogWarning("Case {CaseId} expired at intake", caseId);
                    return new CaseWorkflowResult(caseId, "expired", null, 0);
                }
                recordsCompletedAt = completed.At;
            }
            if (!readsRecordsAtIntake) break;

            var (readable, unreadable) = await ReadRecordsAsync(context, caseId, round);
            if (readable > 0 || unreadable == 0) break;
            log.LogWarning("Case {CaseId} has no readable record; back to intake (round {Round})", caseId, round + 1);
            await context.ReturnToIntakeAsync(new IntakeReturn(caseId, round + 1, unreadable));
        }

        // 2–7 run against the case SLA: escalated when at risk, and again when breached, never silently late.
        var dueAt = CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3) && input.Calendar is { } calendar
            ? policy.CaseDueAt(input.Tier, recordsCompletedAt, calendar)
            : policy.CaseDueAt(input.Tier, recordsCompletedAt);
        var sla = new SlaDeadline(dueAt);
        var pipeline = ReviewPipelineAsync(context, caseId, policy, sla, recordsRead: readsRecordsAtIntake);
        if (CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3))
        {
            await WatchSlaAsync(context, caseId, input, policy, recordsCompletedAt, sla, pipeline);
        }
        else
        {
            using var watchdog = new CancellationTokenSource();
            var atRisk = context.CreateTimer((recordsCompletedAt + (dueAt - recordsCompletedAt) * Math.Clamp(policy.SlaAtRiskAt, 0.05, 1.0)).UtcDateTime, watchdog.Token);
            if (await Task.WhenAny(pipeline, atRisk) == atRisk)
            {
                await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-sla-at-risk", caseId, EscalationReasons.SlaAtRisk,
                    $"The case is not finished and its SLA ends at {dueAt:u}."));
                var breach = context.CreateTimer(dueAt.UtcDateTime, watchdog.Token);
                if (await Task.WhenAny(pipeline, breach) == breach)
                {
                    await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-sla-breached", caseId, EscalationReasons.SlaBreached,
                        $"The SLA ended at {dueAt:u} and the report is not delivered."));
                }
            }
            watchdog.Cancel();
        }
        try
        {
            var result = await pipeline;
            log.LogInformation("Case {CaseId} completed with {Opinions} opinion(s)", caseId, result.Opinions);
            return result;
        }
        catch (TaskFailedException failed)
        {
            // A step failed after all its retries: never let a case stop silently.
            await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-workflow-failed", caseId, EscalationReasons.WorkflowFailed,
                $"The step {failed.TaskName} failed after its retries; the case needs attention."));
            throw;
        }
    }

    /// <summary>
    /// Since 3.0: the SLA watchdog beside the pipeline, escalating at risk and at breach, and counting
    /// the SLA again when the medical director raises the tier (an earlier deadline for the same work).
    /// </summary>
    private static async Task WatchSlaAsync(TaskOrchestrationContext context, string caseId, CaseWorkflowInput input, DeadlinePolicy policy,
        DateTimeOffset recordsCompletedAt, SlaDeadline sla, Task pipeline)
    {
        using var stop = new CancellationTokenSource();
        var raised = context.WaitForExternalEvent<TierRaised>(CaseEvents.TierRaised, stop.Token);
        var never = new TaskCompletionSource().Task;
        bool atRiskRaised = false, breachRaised = false;
        while (!pipeline.IsCompleted)
        {
            using var timers = new CancellationTokenSource();
            var atRiskAt = recordsCompletedAt + (sla.DueAt - recordsCompletedAt) * Math.Clamp(policy.SlaAtRiskAt, 0.05, 1.0);
            var timer = !atRiskRaised ? context.CreateTimer(atRiskAt.UtcDateTime, timers.Token)
                : !breachRaised ? context.CreateTimer(sla.DueAt.UtcDateTime, timers.Token)
                : never;
            var winner = await Task.WhenAny(pipeline, timer, raised);
            timers.Cancel();
            if (winner == pipeline) break;
            if (winner == raised)
            {
                var tier = (await raised).Tier;
                sla.DueAt = input.Calendar is { } calendar ? policy.CaseDueAt(tier, recordsCompletedAt, calendar) : policy.CaseDueAt(tier, recordsCompletedAt);
                raised = context.WaitForExternalEvent<TierRaised>(CaseEvents.TierRaised, stop.Token);
                continue;
            }
            if (!atRiskRaised)
            {
                atRiskRaised = true;
                await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-sla-at-risk", caseId, EscalationReasons.SlaAtRisk,
                    $"The case is not finished and its SLA ends at {sla.DueAt:u}."));
            }
            else
            {
                breachRaised = true;
                await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-sla-breached", caseId, EscalationReasons.SlaBreached,
                    $"The SLA ended at {sla.DueAt:u} and the report is not delivered."));
            }
        }
        stop.Cancel();
    }

    /// <summary>
    /// Intake: one wait for "records complete" raced against a reminder, the intake deadline
    /// (escalation) and a second window (expiry). A single event waiter for the whole intake, so a
    /// submit that lands while the escalation is being raised is still seen.
    /// </summary>
    private static async Task<RecordsCompleted?> WaitForRecordsAsync(TaskOrchestrationContext context, string caseId, DeadlinePolicy policy, int round)
    {
        using var cancel = new CancellationTokenSource();
        var start = context.CurrentUtcDateTime;
        var records = context.WaitForExternalEvent<RecordsCompleted>(CaseEvents.RecordsComplete, cancel.Token);
        var reminder = context.CreateTimer(start.Add(policy.ReminderDelay(policy.IntakeWindow)), cancel.Token);
        var overdue = context.CreateTimer(start.Add(policy.IntakeWindow), cancel.Token);
        var expiry = context.CreateTimer(start.Add(policy.IntakeWindow * 2), cancel.Token);
        if (await Task.WhenAny(records, reminder) == reminder)
        {
            await context.SendReminderAsync(new ReminderRequest(caseId, ReminderKind.Intake, Round: round));
            if (await Task.WhenAny(records, overdue) == overdue)
            {
                await context.RaiseEscalationAsync(new EscalationRequest(IntakeStepId(caseId, "intake-overdue", round), caseId, EscalationReasons.IntakeOverdue,
                    "Records were not completed within the intake window."));
                await Task.WhenAny(records, expiry);
            }
        }
        var received = records.IsCompletedSuccessfully;
        cancel.Cancel();
        return received ? await records : null;
    }

    private static string IntakeStepId(string caseId, string step, int round) => round > 1 ? $"{caseId}-{step}-r{round}" : $"{caseId}-{step}";

    /// <summary>Since 3.1: reads, in parallel, every record not read yet; says how many of all the case's records have text.</summary>
    private static async Task<(int Readable, int Unreadable)> ReadRecordsAsync(TaskOrchestrationContext context, string caseId, int round)
    {
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Records, "Reading the records.", round));
        context.SetCustomStatus(new CaseProgress(CaseStage.Records));
        var before = await context.ListRecordsToReadAsync(caseId);
        var read = await Task.WhenAll(before.Unread.Select(id => context.ExtractDocumentAsync(new DocumentRef(caseId, id))));
        var unreadable = read.Count(s => s.Error is not null);
        return (before.Readable + read.Length - unreadable, before.Unreadable + unreadable);
    }

    /// <summary>Records (before 3.1) → triage → matching → review → consensus → report (signed since 3.0).</summary>
    private static async Task<CaseWorkflowResult> ReviewPipelineAsync(TaskOrchestrationContext context, string caseId, DeadlinePolicy policy, SlaDeadline sla, bool recordsRead)
    {
        // 2. Records: every document read in parallel (since 3.1 already read at intake).
        var recordsNote = "Records read.";
        if (!recordsRead)
        {
            await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Records, "Reading the records."));
            context.SetCustomStatus(new CaseProgress(CaseStage.Records));
            var documentIds = await context.ListDocumentsAsync(caseId);
            await Task.WhenAll(documentIds.Select(id => context.ExtractDocumentAsync(new DocumentRef(caseId, id))));
            recordsNote = $"Read {documentIds.Count} record(s).";
        }

        // 3. Triage.
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Triage, recordsNote));
        context.SetCustomStatus(new CaseProgress(CaseStage.Triage));
        var triage = await context.TriageCaseAsync(caseId);

        // 4. Matching.
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Matching, $"Triage asks for {triage.SeatsNeeded} specialties ({triage.Urgency})."));
        context.SetCustomStatus(new CaseProgress(CaseStage.Matching, triage.SeatsNeeded));
        var seats = await context.MatchPanelAsync(caseId);

        // 5. Review: one branch per seat, in parallel.
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Review, $"Panel of {seats.Count} seat(s) offered."));
        context.SetCustomStatus(new CaseProgress(CaseStage.Review, seats.Count));
        var outcomes = CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3)
            ? await ReviewWithOpsSeatsAsync(context, caseId, seats, policy, sla)
            : await Task.WhenAll(seats.Select(seat => ReviewSeatAsync(context, caseId, seat, policy, sla)));

        if (CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3))
            return await ClinicalLoopAsync(context, caseId, policy, sla, seats.Count, outcomes.Count(o => o.OpinionReceived));

        // 6. Consensus.
        var opinions = outcomes.Count(o => o.OpinionReceived);
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Consensus, $"{opinions} of {seats.Count} opinion(s) received."));
        context.SetCustomStatus(new CaseProgress(CaseStage.Consensus, seats.Count, opinions));
        var consensus = await context.BuildConsensusAsync(caseId);
        if (consensus.Opinions == 0)
        {
            await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-no-opinions", caseId, EscalationReasons.NoOpinions,
                "No reviewer delivered an opinion; the report says so and the medical director must take the case."));
        }
        else if (!consensus.Concordant)
        {
            await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-discordance", caseId, EscalationReasons.Discordance,
                "Reviewers disagree; the report names the dissent and the medical director should review it."));
        }

        // 7. Report.
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Report, "Writing the report."));
        context.SetCustomStatus(new CaseProgress(CaseStage.Report, seats.Count, opinions));
        var report = await context.WriteReportAsync(caseId);
        await context.AnnounceAsync(new Announcement(caseId, EventTypes.ReportReady));
        context.SetCustomStatus(new CaseProgress(CaseStage.Completed, seats.Count, opinions));
        return new CaseWorkflowResult(caseId, "completed", report.JsonPath, consensus.Opinions);
    }

    /// <summary>
    /// The review fan-out, open to seats operations add while it runs: each request is matched like
    /// the panel and becomes one more branch. Ends when every branch has.
    /// </summary>
    private static async Task<SeatOutcome[]> ReviewWithOpsSeatsAsync(TaskOrchestrationContext context, string caseId, IReadOnlyList<SeatRef> seats, DeadlinePolicy policy,
        SlaDeadline sla)
    {
        var branches = seats.Select(seat => ReviewSeatAsync(context, caseId, seat, policy, sla)).ToList();
        using var cancel = new CancellationTokenSource();
        var opsSeat = context.WaitForExternalEvent<OpsSeatRequested>(CaseEvents.OpsSeat, cancel.Token);
        while (true)
        {
            var all = Task.WhenAll(branches);
            if (await Task.WhenAny(all, opsSeat) == all) break;
            var request = await opsSeat;
            var added = await context.AddSeatAsync(new SeatRequest(caseId, Matching.SeatPurpose.OpsAdded, request.RequestId, request.Subspecialty, request.SpecialistId));
            if (added is not null)
            {
                context.SetCustomStatus(new CaseProgress(CaseStage.Review, branches.Count + 1));
                branches.Add(ReviewSeatAsync(context, caseId, added, policy, sla));
            }
            opsSeat = context.WaitForExternalEvent<OpsSeatRequested>(CaseEvents.OpsSeat, cancel.Token);
        }
        cancel.Cancel();
        return await Task.WhenAll(branches);
    }

    /// <summary>
    /// Since 3.0: consensus, with a tie-breaker seat when the panel disagrees, then rounds of draft and
    /// sign-off until the medical director signs. Returning the report reopens the panel's opinions;
    /// adding a reviewer adds a seat; each round ends in a new draft.
    /// </summary>
    private static async Task<CaseWorkflowResult> ClinicalLoopAsync(TaskOrchestrationContext context, string caseId, DeadlinePolicy policy, SlaDeadline sla,
        int seats, int opinions)
    {
        await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Consensus, $"{opinions} of {seats} opinion(s) received."));
        context.SetCustomStatus(new CaseProgress(CaseStage.Consensus, seats, opinions));
        var consensus = await context.BuildConsensusAsync(caseId);
        if (consensus.Opinions >= 2 && !consensus.Concordant)
        {
            // The panel disagrees: a reviewer who has not sat on it reads every opinion and decides.
            var tieBreaker = await context.AddSeatAsync(new SeatRequest(caseId, Matching.SeatPurpose.TieBreaker, "tiebreaker"));
            var decided = tieBreaker is not null && (await ReviewSeatAsync(context, caseId, tieBreaker, policy, sla)).OpinionReceived;
            if (tieBreaker is not null) seats++;
            if (decided) opinions++;
            consensus = await context.BuildConsensusAsync(caseId);
            if (!decided)
            {
                await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-director-decides", caseId, EscalationReasons.DirectorDecides,
                    "Reviewers disagree and no tie-breaking reviewer could decide; the medical director decides at sign-off."));
            }
        }
        else if (consensus.Opinions == 0)
        {
            await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-no-opinions", caseId, EscalationReasons.NoOpinions,
                "No reviewer delivered an opinion; the medical director must take the case at sign-off."));
        }

        for (var round = 1; ; round++)
        {
            await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Report, "Writing the draft report.", round));
            context.SetCustomStatus(new CaseProgress(CaseStage.Report, seats, opinions));
            var window = await WindowAsync(context, caseId, null, policy.SignOffWindow, policy, sla);
            await context.DraftReportAsync(new SignOffRequestRef(caseId, round, window.DueAt));
            await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.SignOff, "Waiting for the medical director's sign-off.", round));
            context.SetCustomStatus(new CaseProgress(CaseStage.SignOff, seats, opinions));
            var decision = (await context.CheckpointAsync(new CheckpointRequest(caseId, round))).Decision ?? await WaitForSignOffAsync(context, caseId, round, window);

            switch (decision.Decision)
            {
                case SignOff.SignOffDecision.Sign:
                    var signed = await context.SignReportAsync(new SignOffRef(caseId, decision.DecisionId));
                    await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Completed, "Report signed by the medical director and delivered.", round));
                    await context.AnnounceAsync(new Announcement(caseId, EventTypes.ReportReady));
                    context.SetCustomStatus(new CaseProgress(CaseStage.Completed, seats, opinions));
                    return new CaseWorkflowResult(caseId, "completed", signed.JsonPath, opinions);

                case SignOff.SignOffDecision.Return:
                    await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Review, "Returned to the panel by the medical director with a question.", round + 1));
                    context.SetCustomStatus(new CaseProgress(CaseStage.Review, seats, opinions));
                    var revisionWindow = await WindowAsync(context, caseId, null, policy.RevisionWindow, policy, sla);
                    var reopened = await context.ReopenPanelAsync(new ReopenRequest(caseId, decision.DecisionId, revisionWindow.DueAt));
                    await Task.WhenAll(reopened.Select(r => ReviseAsync(context, caseId, r, revisionWindow)));
                    break;

                case SignOff.SignOffDecision.AddReviewer:
                    await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Review, "The medical director asked for another reviewer.", round + 1));
                    context.SetCustomStatus(new CaseProgress(CaseStage.Review, seats, opinions));
                    var added = await context.AddSeatAsync(new SeatRequest(caseId, Matching.SeatPurpose.DirectorAdded, decision.DecisionId));
                    if (added is null)
                    {
                        await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-{decision.DecisionId}-no-reviewer", caseId, EscalationReasons.NoEligibleSpecialist,
                            "No eligible reviewer for the seat the medical director asked for; the draft returns to the director."));
                    }
                    else
                    {
                        seats++;
                        if ((await ReviewSeatAsync(context, caseId, added, policy, sla)).OpinionReceived) opinions++;
                    }
                    break;
            }

            await context.AdvanceStageAsync(new StageChange(caseId, CaseStage.Consensus, $"{opinions} opinion(s) after round {round}.", round + 1));
            context.SetCustomStatus(new CaseProgress(CaseStage.Consensus, seats, opinions));
            await context.BuildConsensusAsync(caseId);
        }
    }

    /// <summary>
    /// The director's decision, raced against a reminder and the sign-off deadline (an escalation).
    /// The decision is still awaited after that: nothing reaches the patient unsigned.
    /// </summary>
    private static async Task<SignOffDecided> WaitForSignOffAsync(TaskOrchestrationContext context, string caseId, int round, WindowTimes window)
    {
        // Decisions share one event name: one left over from an earlier round (raised twice, or found
        // in the store by a restarted run) is dropped, never taken as this round's.
        var expected = SignOff.SignOffDecisionIds.For(round);
        while (true)
        {
            var decided = await WaitForSignOffOnceAsync(context, caseId, round, window);
            if (decided.DecisionId == expected) return decided;
        }
    }

    private static async Task<SignOffDecided> WaitForSignOffOnceAsync(TaskOrchestrationContext context, string caseId, int round, WindowTimes window)
    {
        using var cancel = new CancellationTokenSource();
        var start = context.CurrentUtcDateTime;
        var decision = context.WaitForExternalEvent<SignOffDecided>(CaseEvents.SignOff, cancel.Token);
        var reminder = context.CreateTimer(window.RemindAt.UtcDateTime, cancel.Token);
        var overdue = context.CreateTimer(window.DueAt.UtcDateTime, cancel.Token);
        if (await Task.WhenAny(decision, reminder) == reminder)
        {
            await context.SendReminderAsync(new ReminderRequest(caseId, ReminderKind.SignOff));
            if (await Task.WhenAny(decision, overdue) == overdue)
            {
                await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-signoff-overdue-r{round}", caseId, EscalationReasons.SignOffOverdue,
                    $"The report has waited for the medical director's sign-off since {start:u}."));
            }
        }
        var decided = await decision;
        cancel.Cancel();
        return decided;
    }

    /// <summary>One reopened opinion: revised by its reviewer in the window, or it stands as given.</summary>
    private static async Task ReviseAsync(TaskOrchestrationContext context, string caseId, RevisionRef revision, WindowTimes window)
    {
        // A restarted run finds a revision already given in the store.
        if (await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, revision.AssignmentId)) == AssignmentStatus.Completed) return;
        var revised = await WaitForPersonAsync<OpinionSubmitted>(context, CaseEvents.Opinion(revision.AssignmentId, revision.Revision), window,
            () => context.SendReminderAsync(new ReminderRequest(caseId, ReminderKind.Opinion, revision.AssignmentId)));
        if (revised is null) await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, revision.AssignmentId, AssignmentStatus.Reassigned));
    }

    /// <summary>Offers the seat to each ranked candidate in turn until one delivers an opinion.</summary>
    private static async Task<SeatOutcome> ReviewSeatAsync(TaskOrchestrationContext context, string caseId, SeatRef seat, DeadlinePolicy policy, SlaDeadline sla)
    {
        var attempt = 0;
        var v3 = CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3);
        var candidates = new Queue<string>(seat.CandidateSpecialistIds);
        var tried = new List<string>();
        var rematched = false;
        while (true)
        {
            // Since 3.0 the next candidate comes from the stored seat (operations may have named one),
            // and a seat that runs out is matched again against the directory before it is escalated.
            var specialistId = v3 ? await context.NextCandidateAsync(new SeatProgress(caseId, seat.SeatId, tried)) : candidates.Count > 0 ? candidates.Dequeue() : null;
            if (specialistId is null && v3 && !rematched)
            {
                rematched = true;
                await context.RematchSeatAsync(seat with { CaseId = caseId });
                specialistId = await context.NextCandidateAsync(new SeatProgress(caseId, seat.SeatId, tried));
            }
            if (specialistId is null) break;
            tried.Add(specialistId);
            attempt++;
            var assignmentId = Assignment.MakeId(caseId, seat.SeatId, attempt);
            var acceptWindow = await WindowAsync(context, caseId, specialistId, policy.AcceptWindow, policy, sla);
            // Not offered when that specialist already sits on another seat of this panel.
            if (!await context.OfferAssignmentAsync(new OfferRequest(caseId, seat.SeatId, assignmentId, specialistId, acceptWindow.DueAt)))
                continue;

            // A restarted case finds the answers and opinions given before in the store, not as events.
            var known = v3 ? await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, assignmentId)) : AssignmentStatus.Offered;
            if (known == AssignmentStatus.Completed) return new SeatOutcome(seat.SeatId, assignmentId, true);
            if (known is AssignmentStatus.Declined or AssignmentStatus.Expired or AssignmentStatus.Reassigned or AssignmentStatus.Withdrawn) continue;
            var answer = known == AssignmentStatus.Accepted ? new AssignmentAnswered(true)
                : await WaitForPersonAsync<AssignmentAnswered>(context, CaseEvents.Answer(assignmentId), acceptWindow,
                    () => context.SendReminderAsync(new ReminderRequest(caseId, ReminderKind.Offer, assignmentId)));
            if (answer is null)
            {
                // The offer timed out; the store decides if an answer raced the timer.
                var status = await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, assignmentId, AssignmentStatus.Expired));
                if (status != AssignmentStatus.Accepted)
                {
                    await context.RaiseEscalationAsync(new EscalationRequest($"{assignmentId}-unanswered", caseId, EscalationReasons.OfferUnanswered,
                        $"Offer {assignmentId} was not answered in time; moving to the next backup."));
                    continue;
                }
            }
            else if (!answer.Accepted)
            {
                continue;
            }

            var opinionWindow = await WindowAsync(context, caseId, specialistId, policy.OpinionWindow, policy, sla);
            await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, assignmentId, OpinionDueAt: opinionWindow.DueAt));
            var opinion = await WaitForPersonAsync<OpinionSubmitted>(context, CaseEvents.Opinion(assignmentId), opinionWindow,
                () => context.SendReminderAsync(new ReminderRequest(caseId, ReminderKind.Opinion, assignmentId)), v3 ? CaseEvents.Withdrawn(assignmentId) : null);
            if (opinion is not null) return new SeatOutcome(seat.SeatId, assignmentId, true);
            // Withdrawn by operations (reassigned to someone they named): on to the next candidate, nothing is overdue.
            if (v3 && (await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, assignmentId))) == AssignmentStatus.Withdrawn) continue;

            var final = await context.UpdateAssignmentAsync(new AssignmentUpdate(caseId, assignmentId, AssignmentStatus.Reassigned));
            if (final == AssignmentStatus.Completed) return new SeatOutcome(seat.SeatId, assignmentId, true);
            await context.RaiseEscalationAsync(new EscalationRequest($"{assignmentId}-overdue", caseId, EscalationReasons.OpinionOverdue,
                $"Opinion for {assignmentId} is overdue; the seat is reassigned to the next backup."));
        }

        await context.RaiseEscalationAsync(new EscalationRequest($"{caseId}-{seat.SeatId}-unfilled", caseId, EscalationReasons.SeatUnfilled,
            $"No candidate delivered an opinion for {seat.SeatId}."));
        return new SeatOutcome(seat.SeatId, null, false);
    }

    /// <summary>
    /// When a person's window ends. Since 3.0 in working hours of their own calendar and capped at the
    /// case SLA (an activity: calendars are configuration); before, elapsed time from now.
    /// </summary>
    private static async Task<WindowTimes> WindowAsync(TaskOrchestrationContext context, string caseId, string? specialistId, TimeSpan window, DeadlinePolicy policy,
        SlaDeadline sla)
    {
        var now = context.CurrentUtcDateTime;
        if (!CaseWorkflowVersions.AtLeast(context.Version, CaseWorkflowVersions.V3))
            return new WindowTimes(now.Add(policy.ReminderDelay(window)), now.Add(window));
        return await context.HumanWindowAsync(new WindowRequest(caseId, specialistId, now, window, policy.ReminderDelay(window), sla.DueAt));
    }

    /// <summary>
    /// The human-interaction pattern: the event raced against a reminder timer, then the deadline
    /// timer; timers are cancelled once the person answers. Null means the deadline passed.
    /// </summary>
    /// <param name="withdrawnEvent">Ends the wait early (null returned) when operations withdraw the assignment.</param>
    private static async Task<T?> WaitForPersonAsync<T>(TaskOrchestrationContext context, string eventName, WindowTimes window, Func<Task>? remind,
        string? withdrawnEvent = null)
        where T : class
    {
        using var cancel = new CancellationTokenSource();
        var answer = context.WaitForExternalEvent<T>(eventName, cancel.Token);
        var deadline = context.CreateTimer(window.DueAt.UtcDateTime, cancel.Token);
        Task stop = withdrawnEvent is null ? deadline : Task.WhenAny(deadline, context.WaitForExternalEvent<bool>(withdrawnEvent, cancel.Token));
        if (remind is not null)
        {
            var reminder = context.CreateTimer(window.RemindAt.UtcDateTime, cancel.Token);
            if (await Task.WhenAny(answer, reminder, stop) == reminder) await remind();
        }
        var winner = await Task.WhenAny(answer, stop);
        cancel.Cancel();
        return winner == answer ? await answer : null;
    }
}
