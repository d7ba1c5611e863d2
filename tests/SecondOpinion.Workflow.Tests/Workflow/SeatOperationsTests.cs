using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>Operations on a panel under review: give a seat to a named specialist, withdraw an accepted review, add a seat.</summary>
public sealed class SeatOperationsTests : IAsyncLifetime
{
    private const string ValveRecord = "Severe aortic stenosis; proposed valve replacement.";
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();
    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<Assignment> AcceptedSeat1Async(string caseId)
    {
        var offer = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "seat-1 offer");
        await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(offer.SpecialistId), offer.Id);
        return await harness.EventuallyAsync(() => harness.Assignments.FindAsync(caseId, offer.Id), a => a!.Status == AssignmentStatus.Accepted, what: "accepted") ?? offer;
    }

    [Fact]
    public async Task a_seat_reassigned_to_a_named_specialist_is_offered_to_them_next_and_nothing_is_overdue()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        var holding = await AcceptedSeat1Async(caseId);

        var reassigned = await harness.Seats.ReassignAsync(WorkflowHarness.OpsCaller(), caseId, "seat-1", new ReassignSeatRequest("sp-cardiology-3", "Needs a valve specialist."));
        Assert.Equal("sp-cardiology-3", Assert.IsType<Outcome<PanelSeat>.Ok>(reassigned).Value.Candidates[0].SpecialistId);

        var next = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != holding.Id, "the named specialist's offer");
        Assert.Equal("sp-cardiology-3", next.SpecialistId);
        Assert.Equal(AssignmentStatus.Withdrawn, (await harness.Assignments.FindAsync(caseId, holding.Id))!.Status);
        Assert.DoesNotContain(await harness.OpenEscalationsAsync(), e => e.CaseId == caseId && e.Reason == EscalationReasons.OpinionOverdue);

        // Nobody who already had an offer, nobody outside the seat's subspecialty.
        var again = Assert.IsType<Outcome<PanelSeat>.Invalid>(await harness.Seats.ReassignAsync(WorkflowHarness.OpsCaller(), caseId, "seat-1", new ReassignSeatRequest(holding.SpecialistId, "Back.")));
        Assert.Contains("specialistId", again.Errors.Keys);
        Assert.IsType<Outcome<PanelSeat>.Invalid>(await harness.Seats.ReassignAsync(WorkflowHarness.OpsCaller(), caseId, "seat-1", new ReassignSeatRequest("sp-pathology-1", "Wrong field.")));
        Assert.Contains("reason", Assert.IsType<Outcome<PanelSeat>.Invalid>(await harness.Seats.ReassignAsync(WorkflowHarness.OpsCaller(), caseId, "seat-1", new ReassignSeatRequest("sp-cardiology-2", " "))).Errors.Keys);
    }

    [Fact]
    public async Task a_withdrawn_accepted_review_moves_the_seat_to_the_next_backup_at_once()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        var holding = await AcceptedSeat1Async(caseId);

        Assert.IsType<Outcome<Assignment>.Ok>(await harness.Operations.WithdrawAsync(WorkflowHarness.OpsCaller(), holding.Id, new OpsActionRequest("The reviewer is ill.")));

        var next = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Id != holding.Id, "the backup's offer");
        Assert.Equal("sp-cardiology-2", next.SpecialistId);
        Assert.DoesNotContain(await harness.OpenEscalationsAsync(), e => e.CaseId == caseId && e.Reason == EscalationReasons.OpinionOverdue);
    }

    [Fact]
    public async Task a_seat_added_by_operations_during_review_joins_the_panel_and_its_opinion_counts()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await AcceptedSeat1Async(caseId);
        await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId), c => c.Stage == CaseStage.Review, what: "review");

        Assert.Contains("subspecialty", Assert.IsType<Outcome<Core.Workflow.OpsSeatRequested>.Invalid>(
            await harness.Seats.AddAsync(WorkflowHarness.OpsCaller(), caseId, new AddSeatRequest("dermatology", null, "Skin lesion."))).Errors.Keys);
        Assert.IsType<Outcome<Core.Workflow.OpsSeatRequested>.Ok>(await harness.Seats.AddAsync(WorkflowHarness.OpsCaller(), caseId, new AddSeatRequest("pathology", null, "Histology review wanted.")));

        var added = await harness.WaitForAssignmentAsync(caseId, a => a.Subspecialty == "pathology", "the added seat's offer");
        Assert.Equal("sp-pathology-1", added.SpecialistId);
        await harness.ReviewUntilCompletedAsync(caseId);
        var done = await harness.Cases.GetAsync(caseId);
        Assert.Equal(SeatPurpose.OpsAdded, done.Panel!.Seats.Single(s => s.SeatId == added.SeatId).Purpose);
        Assert.Equal(3, done.Consensus!.OpinionCount);

        // After review the director adds reviewers, not operations.
        Assert.IsType<Outcome<Core.Workflow.OpsSeatRequested>.Conflict>(await harness.Seats.AddAsync(WorkflowHarness.OpsCaller(), caseId, new AddSeatRequest("pathology", null, "Late.")));
    }

    [Fact]
    public async Task a_case_restarted_by_operations_goes_on_from_its_stage_without_offering_anything_twice()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        var seat1 = await AcceptedSeat1Async(caseId);
        await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(seat1.SpecialistId), seat1.Id, WorkflowHarness.Opinion());
        var seat2 = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-2", "seat-2 offer");
        await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(seat2.SpecialistId), seat2.Id);
        await harness.EventuallyAsync(() => harness.Assignments.FindAsync(caseId, seat2.Id), a => a!.AnswerRaised, what: "seat-2 accepted");

        Assert.Contains("reason", Assert.IsType<Outcome<OpsActionResult>.Invalid>(await harness.Operations.RestartAsync(WorkflowHarness.OpsCaller(), caseId, new OpsActionRequest(""))).Errors.Keys);
        Assert.IsType<Outcome<OpsActionResult>.Ok>(await harness.Operations.RestartAsync(WorkflowHarness.OpsCaller(), caseId, new OpsActionRequest("The workflow stopped moving.")));

        // The restarted run knows seat-1's opinion and seat-2's acceptance from the store; seat-2's opinion finishes the review.
        await Task.Delay(1000);
        await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(seat2.SpecialistId), seat2.Id, WorkflowHarness.Opinion());
        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal("completed", state.ReadOutputAs<Core.Workflow.CaseWorkflowResult>()!.Outcome);
        var assignments = await harness.AssignmentsAsync(caseId);
        Assert.Equal([seat1.Id, seat2.Id], assignments.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Contains((await harness.Cases.GetAsync(caseId)).Timeline, t => t.Event.StartsWith("Workflow restarted by operations (was running at review)", StringComparison.Ordinal));
    }
}
