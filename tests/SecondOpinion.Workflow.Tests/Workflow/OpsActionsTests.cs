using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>
/// Operations on running cases, on the in-memory durable engine: suspend and resume, cancel, withdraw
/// an offer, backups checked again when their turn comes, and a panel that explains itself.
/// </summary>
public sealed class OpsActionsTests : IAsyncLifetime
{
    private const string ValveRecord = "Severe aortic stenosis; proposed valve replacement.";
    private const string Question = "Is valve replacement needed?";
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();
    public async Task DisposeAsync() => await harness.DisposeAsync();

    private CaseOperationsService Ops => harness.Operations;
    private static Caller OpsCaller => WorkflowHarness.OpsCaller("ops-alice");

    private async Task<(string CaseId, Assignment Offer)> CardiacCaseOfferedAsync(WorkflowHarness? on = null)
    {
        on ??= harness;
        var caseId = await on.CreateCaseAsync("cardiac", Question, ValveRecord);
        await on.StartAsync(caseId, WorkflowHarness.Patient());
        var offer = await on.WaitForAssignmentAsync(caseId, a => a.Subspecialty == "cardiology" && a.Status == AssignmentStatus.Offered, "the cardiology offer");
        return (caseId, offer);
    }

    private Task<WorkflowInstanceStatus?> StatusAsync(string caseId) => harness.Services.GetRequiredService<ICaseWorkflowClient>().GetStatusAsync(caseId);

    private Task<WorkflowInstanceStatus?> EventuallyStatusAsync(string caseId, WorkflowRuntimeStatus wanted) =>
        harness.EventuallyAsync(() => StatusAsync(caseId), s => s?.RuntimeStatus == wanted, what: $"workflow {wanted}");

    private async Task<IReadOnlyList<Notification>> NotificationsAsync(string caseId) =>
        (await harness.Services.GetRequiredService<INotificationRepository>().ForCaseAsync(caseId, new PageRequest(PageRequest.MaxSize))).Items;

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string caseId) => (await harness.Services.GetRequiredService<AuditLog>().ChainAsync(caseId)).Entries;

    private static T Ok<T>(Outcome<T> outcome) => Assert.IsType<Outcome<T>.Ok>(outcome).Value;

    [Fact]
    public async Task a_suspended_case_keeps_a_reviewers_answer_and_moves_on_only_after_it_is_resumed()
    {
        var (caseId, first) = await CardiacCaseOfferedAsync();
        Assert.Contains("reason", Assert.IsType<Outcome<OpsActionResult>.Invalid>(await Ops.SuspendAsync(OpsCaller, caseId, new OpsActionRequest(" "))).Errors.Keys);
        Assert.Contains("reason", Assert.IsType<Outcome<OpsActionResult>.Invalid>(await Ops.SuspendAsync(OpsCaller, caseId, new OpsActionRequest(new string('x', 501)))).Errors.Keys);
        Assert.IsType<Outcome<OpsActionResult>.Conflict>(await Ops.ResumeAsync(OpsCaller, caseId, new OpsActionRequest("Nothing to resume.")));

        Ok(await Ops.SuspendAsync(OpsCaller, caseId, new OpsActionRequest("Patient asked for a pause while records are re-checked.")));
        var suspended = await EventuallyStatusAsync(caseId, WorkflowRuntimeStatus.Suspended);
        Assert.Equal(CaseWorkflowVersions.Current, suspended!.Version);
        Assert.IsType<Outcome<OpsActionResult>.Conflict>(await Ops.SuspendAsync(OpsCaller, caseId, new OpsActionRequest("Again.")));

        // The reviewer declines meanwhile: the answer is stored and raised, the workflow holds it.
        Ok(await harness.Specialists.DeclineAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id));
        // Nothing can be awaited here: the point is that nothing happens while suspended.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(await harness.AssignmentsAsync(caseId), a => a.SeatId == first.SeatId && a.Id != first.Id);
        Assert.Equal(WorkflowRuntimeStatus.Suspended, (await StatusAsync(caseId))!.RuntimeStatus);

        var overview = Ok(await Ops.WorkflowAsync(OpsCaller, caseId));
        Assert.Equal(WorkflowRuntimeStatus.Suspended, overview.Workflow!.RuntimeStatus);
        Assert.Equal(CaseStage.Review, overview.Workflow.Progress!.Stage);
        var step = Assert.Single(overview.Steps, s => s.Key == "ops:suspend:1");
        Assert.Equal("Workflow suspended by operations (ops-alice).", step.Event);
        Assert.Contains(overview.Steps, s => s.Key == CaseFile.StageKey(CaseStage.Review));
        Assert.Contains(overview.Stages, s => s.Stage == CaseStage.Triage && s.Entered == 1 && s.Seconds >= 0);
        Assert.Contains(overview.Stages, s => s.Stage == CaseStage.Review && s.Entries > 0);

        Ok(await Ops.ResumeAsync(OpsCaller, caseId, new OpsActionRequest("Records re-checked; carry on.")));
        var next = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == first.SeatId && a.Id != first.Id, "the next backup after resume");
        Assert.Equal(Assignment.MakeId(caseId, first.SeatId, 2), next.Id);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, (await harness.ReviewUntilCompletedAsync(caseId)).RuntimeStatus);

        var c = await harness.Cases.GetAsync(caseId);
        Assert.Contains(c.Timeline, t => t.Key == "ops:suspend:1" && !t.PatientFacing && t.Event.Contains("Patient asked for a pause", StringComparison.Ordinal));
        Assert.Contains(c.Timeline, t => t.Key == "ops:resume:1" && !t.PatientFacing);
        var audit = await AuditAsync(caseId);
        Assert.Contains(audit, e => e.Action == AuditActions.CaseSuspend && e.Actor == "ops-alice" && e.Detail!.Contains("re-checked", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditActions.CaseResume && e.Actor == "ops-alice");
        Assert.Contains(audit, e => e.Action == AuditActions.OpsWorkflowRead);
    }

    [Fact]
    public async Task a_cancelled_case_stops_its_workflow_withdraws_every_open_assignment_and_tells_the_patient()
    {
        var (caseId, offer) = await CardiacCaseOfferedAsync();
        var both = await harness.EventuallyAsync(() => harness.AssignmentsAsync(caseId), l => l.Count(a => a.Status == AssignmentStatus.Offered) == 2, what: "both seats offered");
        Ok(await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(offer.SpecialistId), offer.Id));
        Assert.IsType<Outcome<OpsActionResult>.NotFound>(await Ops.CancelAsync(OpsCaller, "c0000000000000000", new OpsActionRequest("Unknown.")));
        Assert.Contains("reason", Assert.IsType<Outcome<OpsActionResult>.Invalid>(await Ops.CancelAsync(OpsCaller, caseId, null)).Errors.Keys);

        var result = Ok(await Ops.CancelAsync(OpsCaller, caseId, new OpsActionRequest("Patient withdrew consent by phone.")));

        Assert.Equal(both.Select(a => a.Id).Order(), result.WithdrawnAssignments.Order());
        await EventuallyStatusAsync(caseId, WorkflowRuntimeStatus.Terminated);
        var c = await harness.Cases.GetAsync(caseId);
        Assert.Equal(CaseStage.Cancelled, c.Stage);
        var visible = Assert.Single(c.Timeline, t => t.Key == CaseFile.StageKey(CaseStage.Cancelled));
        Assert.True(visible.PatientFacing);
        Assert.DoesNotContain("consent", visible.Event, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(c.Timeline, t => t.Key == "ops:cancel" && !t.PatientFacing && t.Event.Contains("withdrew consent", StringComparison.Ordinal));
        Assert.All(await harness.AssignmentsAsync(caseId), a =>
        {
            Assert.Equal(AssignmentStatus.Withdrawn, a.Status);
            Assert.NotNull(a.ClosedAt);
        });
        foreach (var a in both) Assert.Equal(0, await harness.Assignments.ActiveLoadAsync(a.SpecialistId));

        var sent = await NotificationsAsync(caseId);
        Assert.Contains(sent, n => n.Kind == NotificationKind.CaseCancelled && n.Recipient.Audience == NotificationAudience.Patient);
        foreach (var a in both)
            Assert.Contains(sent, n => n.Kind == NotificationKind.AssignmentWithdrawn && n.Recipient.Id == a.SpecialistId);
        Assert.All(sent, n => Assert.DoesNotContain("consent", n.Body, StringComparison.OrdinalIgnoreCase));
        var announced = Assert.Single(harness.Events.Delivered(caseId), e => e.Type == EventTypes.CaseCancelled);
        Assert.Equal("review", announced.Data["previousStage"]);
        Assert.Equal("2", announced.Data["withdrawnAssignments"]);

        // Off the open board, onto this month's closed list.
        Assert.DoesNotContain((await harness.Cases.OpenByDueTimeAsync(null, new PageRequest(PageRequest.MaxSize))).Items, s => s.Id == caseId);
        var now = DateTimeOffset.UtcNow;
        Assert.Contains((await harness.Cases.ClosedInMonthAsync(now.Year, now.Month, new PageRequest(PageRequest.MaxSize))).Items, s => s.Id == caseId && s.Stage == CaseStage.Cancelled);

        Assert.IsType<Outcome<OpsActionResult>.Conflict>(await Ops.CancelAsync(OpsCaller, caseId, new OpsActionRequest("Again.")));
        Assert.IsType<Outcome<OpsActionResult>.Conflict>(await Ops.SuspendAsync(OpsCaller, caseId, new OpsActionRequest("Too late.")));
        Assert.IsType<Outcome<Assignment>.Conflict>(await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(offer.SpecialistId), offer.Id, WorkflowHarness.Opinion()));
        var audit = Assert.Single(await AuditAsync(caseId), e => e.Action == AuditActions.CaseCancel);
        Assert.Contains("withdrew consent", audit.Detail);
    }

    [Fact]
    public async Task a_withdrawn_offer_goes_to_the_next_backup_at_once()
    {
        var (caseId, first) = await CardiacCaseOfferedAsync();
        var seat = (await harness.Cases.GetAsync(caseId)).Panel!.Seats.Single(s => s.SeatId == first.SeatId);

        var withdrawn = Ok(await Ops.WithdrawAsync(OpsCaller, first.Id, new OpsActionRequest("The specialist called in sick.")));

        Assert.Equal(AssignmentStatus.Withdrawn, withdrawn.Status);
        Assert.NotNull(withdrawn.ClosedAt);
        Assert.True(withdrawn.AnswerRaised);
        var next = await harness.WaitForAssignmentAsync(caseId, a => a.Id == Assignment.MakeId(caseId, seat.SeatId, 2), "the second candidate's offer");
        Assert.Equal(seat.Candidates[1].SpecialistId, next.SpecialistId);
        Assert.Contains(await NotificationsAsync(caseId), n => n.Kind == NotificationKind.AssignmentWithdrawn && n.Recipient.Id == first.SpecialistId);
        Assert.IsType<Outcome<Assignment>.Conflict>(await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id));

        // Twice changes nothing.
        Assert.Equal(AssignmentStatus.Withdrawn, Ok(await Ops.WithdrawAsync(OpsCaller, first.Id, new OpsActionRequest("Again."))).Status);
        Assert.Single(await harness.AssignmentsAsync(caseId), a => a.SeatId == seat.SeatId && a.IsActive);

        // An accepted review can be withdrawn too; the workflow is told nothing (the seat moves on at its opinion deadline).
        Ok(await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(next.SpecialistId), next.Id));
        var review = Ok(await Ops.WithdrawAsync(OpsCaller, next.Id, new OpsActionRequest("Reviewer asked to be released.")));
        Assert.Equal(AssignmentStatus.Withdrawn, review.Status);
        Assert.False(review.OpinionRaised);
        Assert.Contains((await harness.Cases.GetAsync(caseId)).Timeline, t => t.Key == $"ops:withdraw:{next.Id}" && !t.PatientFacing);
        Assert.IsType<Outcome<Assignment>.NotFound>(await Ops.WithdrawAsync(OpsCaller, "c0000000000000000-seat-1-1", new OpsActionRequest("Unknown.")));
        Assert.Contains("reason", Assert.IsType<Outcome<Assignment>.Invalid>(await Ops.WithdrawAsync(OpsCaller, next.Id, new OpsActionRequest(null))).Errors.Keys);
        Assert.Equal(2, (await AuditAsync(caseId)).Count(e => e.Action == AuditActions.AssignmentWithdraw && e.Detail!.Contains("reason:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task a_backup_who_became_unavailable_after_the_panel_was_planned_is_skipped_when_their_turn_comes()
    {
        var (caseId, first) = await CardiacCaseOfferedAsync();
        var seat = (await harness.Cases.GetAsync(caseId)).Panel!.Seats.Single(s => s.SeatId == first.SeatId);
        var directory = harness.Services.GetRequiredService<SpecialistDirectory>();
        var second = (await directory.FindAsync(seat.Candidates[1].SpecialistId))!;
        var back = DateTimeOffset.UtcNow.AddDays(7);
        await directory.UpsertAsync(second with { UnavailableUntil = back });

        Ok(await harness.Specialists.DeclineAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id));

        var third = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == seat.SeatId && a.Id != first.Id, "the next offer of the seat");
        Assert.Equal(Assignment.MakeId(caseId, seat.SeatId, 3), third.Id);
        Assert.Equal(seat.Candidates[2].SpecialistId, third.SpecialistId);
        var skippedId = Assignment.MakeId(caseId, seat.SeatId, 2);
        Assert.Null(await harness.Assignments.FindAsync(caseId, skippedId));
        var skipped = Assert.Single((await harness.Cases.GetAsync(caseId)).Timeline, t => t.Key == $"offer-skipped:{skippedId}");
        Assert.Equal($"{second.Id} skipped for {seat.SeatId}: unavailable until {back.UtcDateTime:u}.", skipped.Event);
        var explained = Ok(await Ops.PanelAsync(OpsCaller, caseId)).Seats.Single(s => s.SeatId == seat.SeatId);
        Assert.Contains("unavailable until", explained.Candidates[1].Skipped);
        Assert.Equal(third.SpecialistId, explained.CurrentReviewer!.SpecialistId);
    }

    [Fact]
    public async Task the_panel_explains_each_seat_its_backups_its_offers_and_who_was_left_out_and_why()
    {
        var otherCase = CaseIds.New();
        await using var staffed = await WorkflowHarness.StartAsync(WorkflowHarness.DefaultSpecialists().Concat(
        [
            new Specialist { Id = "sp-cardiology-de", Name = "Dr. Berlin", Subspecialties = ["cardiology"], LicensedJurisdictions = ["DE"], Languages = ["en", "de"], YearsExperience = 30 },
            new Specialist { Id = "sp-cardiology-busy", Name = "Dr. Busy", Subspecialties = ["cardiology"], LicensedJurisdictions = ["US-OH"], Languages = ["en"], MaxActiveCases = 1, YearsExperience = 30 },
        ]));
        await staffed.Assignments.TryCreateAsync(new Assignment
        {
            Id = Assignment.MakeId(otherCase, "seat-1", 1), CaseId = otherCase, SeatId = "seat-1", Subspecialty = "cardiology", SpecialistId = "sp-cardiology-busy",
            Status = AssignmentStatus.Accepted, OfferedAt = DateTimeOffset.UtcNow, AcceptBy = DateTimeOffset.UtcNow.AddHours(8),
        });
        var (caseId, offer) = await CardiacCaseOfferedAsync(staffed);

        var panel = Ok(await staffed.Operations.PanelAsync(OpsCaller, caseId));

        Assert.Equal(CaseStage.Review, panel.Stage);
        Assert.Equal(["interventional-cardiology"], panel.UnfilledSubspecialties); // nobody in the directory practises it
        var seat = Assert.Single(panel.Seats, s => s.Subspecialty == "cardiology");
        Assert.Equal(SeatPurpose.Panel, seat.Purpose);
        Assert.Equal("offered", seat.Status);
        Assert.Equal((offer.SpecialistId, "offered"), (seat.CurrentReviewer!.SpecialistId, seat.CurrentReviewer.Status));
        Assert.StartsWith("Dr. Test", seat.CurrentReviewer.Name);
        Assert.Equal(new[] { 1, 2, 3 }, seat.Candidates.Select(c => c.Rank));
        Assert.All(seat.Candidates, c => Assert.Contains("licensed in US-OH", c.Reasons));
        Assert.True(seat.Candidates[0].Score > seat.Candidates[2].Score);
        Assert.Equal("offered", seat.Candidates[0].OfferStatus);
        Assert.Null(seat.Candidates[1].OfferStatus);
        var made = Assert.Single(seat.Offers);
        Assert.Equal((offer.Id, "offered"), (made.AssignmentId, made.Status));
        Assert.Null(made.AnsweredAt);
        Assert.Contains(seat.Excluded, e => e is { SpecialistId: "sp-cardiology-de", Name: "Dr. Berlin", Reason: "not licensed in US-OH" });
        Assert.Contains(seat.Excluded, e => e is { SpecialistId: "sp-cardiology-busy", Reason: "at capacity" });

        // The matcher's decision, kept with the seat: the pick, the backups in rank order, the excluded grouped by reason.
        var decision = Assert.Single(seat.Decisions);
        Assert.Equal(("panel", "cardiology"), (decision.Occasion, decision.Subspecialty));
        Assert.Equal(seat.Candidates[0].SpecialistId, decision.Pick!.SpecialistId);
        Assert.Equal(seat.Candidates.Skip(1).Select(c => (c.Rank, c.SpecialistId)), decision.Backups.Select(b => (b.Rank, b.SpecialistId)));
        Assert.Equal(["licence", "capacity"], decision.ExcludedByReason.Select(g => g.Reason));
        Assert.Equal((1, "sp-cardiology-de"), (decision.ExcludedByReason[0].Count, decision.ExcludedByReason[0].Specialists[0].SpecialistId));
        Assert.Equal(ExclusionReason.Capacity, decision.ExcludedByReason[1].Specialists[0].Code);
        Assert.Equal(5, decision.Weighed);
        Assert.Equal(WorkflowHarness.DefaultSpecialists().Count() + 2 - 5, decision.OutsideSubspecialty);
        var nobody = Assert.Single(panel.UnfilledDecisions);
        Assert.Equal(("interventional-cardiology", null, 0), (nobody.Subspecialty, nobody.Pick, nobody.Weighed));

        var json = SecondOpinionJson.Serialize(panel) + SecondOpinionJson.Serialize(Ok(await staffed.Operations.WorkflowAsync(OpsCaller, caseId)));
        foreach (var patientData in new[] { "Test Patient", "t@example.org", "1960-01-01", Question, ValveRecord })
            Assert.DoesNotContain(patientData, json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(await staffed.Services.GetRequiredService<AuditLog>().ChainAsync(caseId).ContinueWith(t => t.Result.Entries), e => e.Action == AuditActions.OpsPanelRead);
    }
}
