using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>
/// The clinical loop on the in-memory durable engine: the medical director's sign-off (sign, return,
/// add a reviewer), the tie-breaker on disagreement, and what happens when nobody can break the tie.
/// </summary>
public sealed class ClinicalLoopTests : IAsyncLifetime
{
    private const string ValveRecord = "Severe aortic stenosis; proposed valve replacement.";
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();
    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static OpinionRequest Confirm(Assignment _) => WorkflowHarness.Opinion();

    /// <summary>Accepts and answers every open offer until the case waits for the director.</summary>
    private async Task<CaseFile> ReviewUntilSignOffAsync(string caseId, Func<Assignment, OpinionRequest>? opinionFor = null, int round = 1)
    {
        return await harness.EventuallyAsync(async () =>
        {
            foreach (var a in await harness.AssignmentsAsync(caseId))
            {
                if (a.Status == AssignmentStatus.Offered) await harness.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(a.SpecialistId), a.Id);
                else if (a.Status == AssignmentStatus.Accepted && a.Opinion is null)
                    await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(a.SpecialistId), a.Id, (opinionFor ?? Confirm)(a));
            }
            return await harness.Cases.GetAsync(caseId);
        }, c => c.Stage == CaseStage.SignOff && c.SignOffRound == round, what: $"sign-off round {round}");
    }

    private async Task<OrchestrationMetadata> CompletionAsync(string caseId) =>
        await harness.Client.WaitForInstanceCompletionAsync(CaseInstance.IdFor(caseId), getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

    [Fact]
    public async Task a_report_reaches_the_patient_only_once_the_medical_director_signs_it()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());

        var waiting = await ReviewUntilSignOffAsync(caseId);
        Assert.Null(waiting.ReportJsonPath);
        Assert.NotNull(waiting.DraftReport);
        Assert.Contains("\"draft\":true", await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, waiting.DraftReport!.JsonPath));
        Assert.DoesNotContain(harness.Events.Published, e => e.Type == EventTypes.ReportReady && e.CaseId == caseId);
        var queue = await harness.SignOff.QueueAsync(WorkflowHarness.DirectorCaller(), new PageRequest(50));
        Assert.Contains(queue.Items, i => i.CaseId == caseId && i.Round == 1 && i.Method == ConsensusMethod.Unanimous);

        var signed = await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", "Agree with the panel.", null));
        Assert.IsType<Outcome<SignOffRecord>.Ok>(signed);
        var state = await CompletionAsync(caseId);

        Assert.Equal("completed", state.ReadOutputAs<CaseWorkflowResult>()!.Outcome);
        var done = await harness.Cases.GetAsync(caseId);
        Assert.Equal(CaseStage.Completed, done.Stage);
        var version = Assert.Single(done.ReportVersions);
        Assert.Equal(WorkflowHarness.DirectorSubject, version.SignedBy);
        var report = await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, done.ReportJsonPath!);
        Assert.Contains("Dr. Director Test", report);
        Assert.Contains("Agree with the panel.", report);
        Assert.Contains("Dr. Director Test", await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, done.ReportHtmlPath!));
        Assert.Equal(report, await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, version.Files.JsonPath));
        Assert.Single(harness.Events.Published, e => e.Type == EventTypes.ReportReady && e.CaseId == caseId);

        // Signing again changes nothing and tells the workflow nothing; a different decision is refused.
        var again = await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", "Agree with the panel.", null));
        Assert.Equal("so1", Assert.IsType<Outcome<SignOffRecord>.Ok>(again).Value.Id);
        Assert.IsType<Outcome<SignOffRecord>.Conflict>(await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("return", "Why?", null)));
    }

    [Fact]
    public async Task a_discordant_panel_gets_a_tie_breaker_from_outside_the_panel_who_decides()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());

        var waiting = await ReviewUntilSignOffAsync(caseId, a => a.SeatId switch
        {
            "seat-1" => WorkflowHarness.Opinion("disagree", surgery: false, confidence: 0.9),
            _ when SeatIds.IsTieBreaker(a.SeatId) => WorkflowHarness.Opinion("disagree", surgery: false, confidence: 0.7),
            _ => WorkflowHarness.Opinion(),
        });

        var assignments = await harness.AssignmentsAsync(caseId);
        var tieBreaker = Assert.Single(assignments, a => SeatIds.IsTieBreaker(a.SeatId));
        var panel = assignments.Where(a => !SeatIds.IsTieBreaker(a.SeatId)).Select(a => a.SpecialistId).ToList();
        Assert.DoesNotContain(tieBreaker.SpecialistId, panel);
        Assert.Equal(SeatPurpose.TieBreaker, waiting.Panel!.Seats.Single(s => s.SeatId == tieBreaker.SeatId).Purpose);
        // The added seat keeps the matcher's decision, with the panel's reviewers left out as already on it.
        var added = Assert.Single(waiting.Panel.Seats.Single(s => s.SeatId == tieBreaker.SeatId).Decisions);
        Assert.Equal((MatchOccasion.AddedSeat, tieBreaker.SpecialistId), (added.Occasion, added.Pick!.SpecialistId));
        Assert.Contains(added.Excluded, r => r.Code == ExclusionReason.AlreadyOnPanel && panel.Contains(r.SpecialistId));
        Assert.Equal(ConsensusMethod.TieBreaker, waiting.Consensus!.Method);
        Assert.Equal(Agreement.Disagree, waiting.Consensus.Agreement);
        Assert.Contains("tie-breaking reviewer", waiting.Consensus.Summary);

        // The tie-breaker read the other opinions.
        var materials = Assert.IsType<Outcome<CaseMaterials>.Ok>(await harness.Specialists.GetMaterialsAsync(WorkflowHarness.SpecialistCaller(tieBreaker.SpecialistId), tieBreaker.Id)).Value;
        Assert.Equal(2, materials.PanelOpinions.Count);

        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", null, null));
        await CompletionAsync(caseId);
        var report = await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, BlobLayout.ReportHtml(caseId));
        Assert.Contains("tie-breaking reviewer", report);
        Assert.DoesNotContain(await harness.OpenEscalationsAsync(), e => e.CaseId == caseId && e.Reason == EscalationReasons.DirectorDecides);
    }

    [Fact]
    public async Task when_no_tie_breaker_is_available_the_director_decides_and_must_say_how()
    {
        // One cardiologist and one surgeon: nobody is left to break a tie.
        await using var small = await WorkflowHarness.StartAsync(WorkflowHarness.DefaultSpecialists().Where(s => s.Id.EndsWith("-1", StringComparison.Ordinal)));
        var caseId = await small.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await small.StartAsync(caseId, WorkflowHarness.Patient());
        var waiting = await small.EventuallyAsync(async () =>
        {
            foreach (var a in await small.AssignmentsAsync(caseId))
            {
                if (a.Status == AssignmentStatus.Offered) await small.Specialists.AcceptAsync(WorkflowHarness.SpecialistCaller(a.SpecialistId), a.Id);
                else if (a.Status == AssignmentStatus.Accepted)
                    await small.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(a.SpecialistId), a.Id,
                        a.SeatId == "seat-1" ? WorkflowHarness.Opinion("disagree", surgery: false) : WorkflowHarness.Opinion());
            }
            return await small.Cases.GetAsync(caseId);
        }, c => c.Stage == CaseStage.SignOff, what: "sign-off");

        Assert.Equal(ConsensusMethod.DirectorDecides, waiting.Consensus!.Method);
        Assert.Contains(await small.OpenEscalationsAsync(), e => e.CaseId == caseId && e.Reason == EscalationReasons.DirectorDecides);
        var packet = Assert.IsType<Outcome<SignOffPacket>.Ok>(await small.SignOff.PacketAsync(WorkflowHarness.DirectorCaller(), caseId)).Value;
        Assert.Contains(SignOffFlags.DirectorDecides, packet.Flags);
        Assert.Contains(packet.Opinions, o => o.Dissenting);

        var bare = await small.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", null, null));
        Assert.Contains("note", Assert.IsType<Outcome<SignOffRecord>.Invalid>(bare).Errors.Keys);
        await small.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", "Valve replacement is indicated: symptomatic severe stenosis.", null));
        await small.Client.WaitForInstanceCompletionAsync(CaseInstance.IdFor(caseId), new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var report = await small.Files.ReadTextAsync(BlobLayout.ReportsContainer, BlobLayout.ReportJson(caseId));
        Assert.Contains("the medical director decided: Valve replacement is indicated", report);
    }

    [Fact]
    public async Task a_returned_report_reopens_the_opinions_and_an_unrevised_one_stands()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient(revision: TimeSpan.FromSeconds(3)));
        await ReviewUntilSignOffAsync(caseId);

        var returned = await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("return", "Was TAVI considered instead of open surgery?", null));
        Assert.IsType<Outcome<SignOffRecord>.Ok>(returned);
        var reopened = await harness.EventuallyAsync(() => harness.AssignmentsAsync(caseId),
            list => list.Count(a => a.Status == AssignmentStatus.Accepted && a.Revision == 1) == 2, what: "reopened opinions");
        var first = reopened.First(a => a.SeatId == "seat-1");
        var materials = Assert.IsType<Outcome<CaseMaterials>.Ok>(await harness.Specialists.GetMaterialsAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id)).Value;
        Assert.Equal("Was TAVI considered instead of open surgery?", materials.DirectorQuestion);

        // seat-1 revises; seat-2 lets the window pass and its opinion stands.
        var revised = await harness.Specialists.SubmitOpinionAsync(WorkflowHarness.SpecialistCaller(first.SpecialistId), first.Id,
            WorkflowHarness.Opinion("modify", surgery: false) with { RecommendationKind = "procedure", Narrative = "TAVI is the better option at this age." });
        Assert.IsType<Outcome<Assignment>.Ok>(revised);

        var round2 = await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId), c => c.Stage == CaseStage.SignOff && c.SignOffRound == 2, what: "second draft");
        var after = await harness.AssignmentsAsync(caseId);
        var revisedSeat = after.Single(a => a.Id == first.Id);
        Assert.Equal(Agreement.Modify, revisedSeat.Opinion!.Agreement);
        Assert.Single(revisedSeat.PreviousOpinions);
        var stood = after.Single(a => a.SeatId == "seat-2");
        Assert.Equal(AssignmentStatus.Completed, stood.Status);
        Assert.Equal(Agreement.Confirm, stood.Opinion!.Agreement);
        Assert.False(round2.Consensus!.Concordant);
        Assert.Contains(round2.Timeline, t => t.Key == CaseFile.StageKey(CaseStage.Review, 2));

        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", "Signed after the panel's revision.", null));
        Assert.Equal("completed", (await CompletionAsync(caseId)).ReadOutputAs<CaseWorkflowResult>()!.Outcome);
        Assert.Equal(2, (await harness.Cases.GetAsync(caseId)).SignOffs.Count);
    }

    [Fact]
    public async Task the_director_can_add_a_reviewer_before_signing()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await ReviewUntilSignOffAsync(caseId);

        var unknown = await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("add-reviewer", null, "dermatology"));
        Assert.Contains("subspecialty", Assert.IsType<Outcome<SignOffRecord>.Invalid>(unknown).Errors.Keys);
        Assert.IsType<Outcome<SignOffRecord>.Ok>(
            await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("add-reviewer", "A second surgeon, please.", "cardiothoracic-surgery")));

        var waiting = await ReviewUntilSignOffAsync(caseId, round: 2);
        var added = waiting.Panel!.Seats.Single(s => s.Purpose == SeatPurpose.DirectorAdded);
        Assert.Equal("cardiothoracic-surgery", added.Subspecialty);
        var assignments = await harness.AssignmentsAsync(caseId);
        Assert.Equal(3, assignments.Count(a => a.Status == AssignmentStatus.Completed));
        Assert.Equal(2, assignments.Where(a => a.Subspecialty == "cardiothoracic-surgery").Select(a => a.SpecialistId).Distinct().Count());
        Assert.Equal(3, waiting.Consensus!.OpinionCount);

        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", null, null));
        Assert.Equal(3, (await CompletionAsync(caseId)).ReadOutputAs<CaseWorkflowResult>()!.Opinions);
    }

    [Fact]
    public async Task a_sign_off_left_waiting_is_reminded_then_escalated_and_still_waits_for_the_director()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient(signOff: TimeSpan.FromSeconds(2)));
        await ReviewUntilSignOffAsync(caseId);

        await harness.EventuallyAsync(() => harness.OpenEscalationsAsync(), list => list.Any(e => e.CaseId == caseId && e.Reason == EscalationReasons.SignOffOverdue),
            what: "sign-off overdue escalation");
        Assert.Contains(harness.Events.Published, e => e.Type == EventTypes.ReminderSent && e.CaseId == caseId && e.Data["kind"] == "sign-off");
        Assert.Equal(CaseStage.SignOff, (await harness.Cases.GetAsync(caseId)).Stage);

        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", null, null));
        Assert.Equal("completed", (await CompletionAsync(caseId)).ReadOutputAs<CaseWorkflowResult>()!.Outcome);
    }

    [Fact]
    public async Task only_a_registered_director_signs_and_a_bad_decision_is_refused_with_its_field()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await ReviewUntilSignOffAsync(caseId);

        Assert.IsType<Outcome<SignOffRecord>.Forbidden>(await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller("director-unknown"), caseId, new SignOffRequest("sign", null, null)));
        var invalid = Assert.IsType<Outcome<SignOffRecord>.Invalid>(await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("approve", null, null)));
        Assert.Contains("decision", invalid.Errors.Keys);
        var noQuestion = Assert.IsType<Outcome<SignOffRecord>.Invalid>(await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("return", " ", null)));
        Assert.Contains("note", noQuestion.Errors.Keys);
        Assert.Equal(CaseStage.SignOff, (await harness.Cases.GetAsync(caseId)).Stage);
        Assert.Empty((await harness.Cases.GetAsync(caseId)).SignOffs);
    }

    [Fact]
    public async Task a_seat_whose_candidates_all_decline_is_matched_again_against_the_directory_as_it_is_now()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "first offer");
        // A cardiologist joins after the panel was planned.
        var directory = harness.Services.GetRequiredService<SpecialistDirectory>();
        await directory.UpsertAsync(WorkflowHarness.DefaultSpecialists().First(s => s.Id == "sp-cardiology-1") with { Id = "sp-cardiology-new", Name = "Dr. New" });

        for (var declined = 0; declined < 3; declined++)
        {
            var offer = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Status == AssignmentStatus.Offered, $"offer {declined + 1}");
            await harness.Specialists.DeclineAsync(WorkflowHarness.SpecialistCaller(offer.SpecialistId), offer.Id);
            await harness.EventuallyAsync(() => harness.Assignments.FindAsync(caseId, offer.Id), a => a!.Status == AssignmentStatus.Declined, what: "declined");
        }

        var rematched = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1" && a.Status == AssignmentStatus.Offered, "offer after matching again");
        Assert.Equal("sp-cardiology-new", rematched.SpecialistId);
        Assert.Contains((await harness.Cases.GetAsync(caseId)).Timeline, t => t.Event.Contains("matched again, 1 new candidate(s): sp-cardiology-new", StringComparison.Ordinal));
        // The seat keeps both decisions: the plan, then the match again (everyone offered before is left out as already on the panel).
        var decisions = (await harness.Cases.GetAsync(caseId)).Panel!.Seats.Single(s => s.SeatId == "seat-1").Decisions;
        Assert.Equal([MatchOccasion.Panel, MatchOccasion.Rematch], decisions.Select(d => d.Occasion));
        Assert.Equal("sp-cardiology-new", decisions[1].Pick!.SpecialistId);
        Assert.Equal(3, decisions[1].Excluded.Count(r => r.Code == ExclusionReason.AlreadyOnPanel));
        Assert.DoesNotContain(await harness.OpenEscalationsAsync(), e => e.CaseId == caseId && e.Reason == EscalationReasons.SeatUnfilled);
    }

    [Fact]
    public async Task triage_recommends_a_faster_tier_and_the_director_raises_it_which_moves_the_case_deadline()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Acute decompensated heart failure; severe aortic stenosis.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient() with { CaseSlaOverride = null }, calendar: BusinessCalendars.Default.For("US-OH"));
        var triaged = await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId), c => c.TierRecommendation is not null, what: "tier recommendation");
        Assert.Equal(ServiceTier.Urgent, triaged.TierRecommendation!.Recommended);
        // The recommendation names the rule, the fact, its document and page; the escalation the same without the record's words.
        Assert.Equal("urgency:urgent acute-heart-failure: diagnosis acute decompensated heart failure (d01, page 1)", triaged.TierRecommendation.Finding);
        Assert.Contains("Acute decompensated heart failure", triaged.TierRecommendation.Phrase);
        // The escalation is written just after the recommendation: wait for it rather than race it.
        var open = await harness.EventuallyAsync(() => harness.OpenEscalationsAsync(),
            list => list.Any(e => e.CaseId == caseId && e.Reason == EscalationReasons.TierRaiseRecommended), what: "tier-raise escalation");
        var raise = Assert.Single(open, e => e.CaseId == caseId && e.Reason == EscalationReasons.TierRaiseRecommended);
        Assert.Contains("acute-heart-failure: diagnosis I50.9, d01 page 1", raise.Detail);
        Assert.DoesNotContain("decompensated", raise.Detail, StringComparison.OrdinalIgnoreCase);

        // Submitted over HTTP, the case knows when its records were complete (the harness starts the workflow directly).
        var records = DateTimeOffset.UtcNow;
        await harness.Cases.UpdateAsync(caseId, c => c with { RecordsCompletedAt = records, DueAt = SlaCalendar.DueAt(ServiceTier.Standard, records, BusinessCalendars.Default.For("US-OH")) });
        Assert.Contains("tier", Assert.IsType<Outcome<CaseFile>.Invalid>(await harness.SignOff.RaiseTierAsync(WorkflowHarness.DirectorCaller(), caseId, new TierRaiseRequest("fastest", null))).Errors.Keys);
        var raised = Assert.IsType<Outcome<CaseFile>.Ok>(await harness.SignOff.RaiseTierAsync(WorkflowHarness.DirectorCaller(), caseId, new TierRaiseRequest("urgent", "Agree: acute heart failure."))).Value;
        Assert.Equal(ServiceTier.Urgent, raised.Tier);
        Assert.Equal(records.AddHours(24), raised.DueAt!.Value, TimeSpan.FromSeconds(1));
        Assert.IsType<Outcome<CaseFile>.Conflict>(await harness.SignOff.RaiseTierAsync(WorkflowHarness.DirectorCaller(), caseId, new TierRaiseRequest("standard", null)));

        var state = await harness.ReviewUntilCompletedAsync(caseId);
        Assert.Equal("completed", state.ReadOutputAs<CaseWorkflowResult>()!.Outcome);
    }

    [Fact]
    public async Task triage_reads_the_stored_facts_and_a_form_category_the_records_contradict_reaches_the_director()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?",
            "Right breast, core biopsy: invasive ductal carcinoma, grade 2. ER positive (90%), PR positive (30%), HER2 negative (1+). Ki-67 12%. cT2 N0 M0.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient());

        var triaged = await harness.EventuallyAsync(() => harness.Cases.GetAsync(caseId), c => c.Triage is not null, what: "triage");
        var mismatch = triaged.Triage!.Mismatch!;
        Assert.Equal((CaseCategory.Cardiac, CaseCategory.Oncology), (mismatch.Form, mismatch.Records));
        Assert.Contains(triaged.Triage.Evidence, e => e is { Finding: "category:oncology", DocumentId: "d01", Page: 1 });
        var escalation = await harness.EventuallyAsync(async () => (await harness.OpenEscalationsAsync()).FirstOrDefault(e => e.CaseId == caseId && e.Reason == EscalationReasons.CategoryMismatch),
            e => e is not null, what: "category-mismatch escalation");
        Assert.Contains("cardiac", escalation!.Detail);
        Assert.Contains("measurement er", escalation.Detail);
        Assert.DoesNotContain("ductal", escalation.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(SignOffFlags.CategoryMismatch, SignOffFlags.For(triaged, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task a_decision_left_over_from_an_earlier_round_is_never_taken_as_the_next_rounds()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", ValveRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await ReviewUntilSignOffAsync(caseId);
        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("add-reviewer", null, "cardiology"));
        await ReviewUntilSignOffAsync(caseId, round: 2);

        // Round 1's decision arrives again (a retried request that had raised it before it was marked).
        await harness.Client.RaiseEventAsync(CaseInstance.IdFor(caseId), CaseEvents.SignOff, new SignOffDecided("so1", SignOffDecision.AddReviewer));
        await Task.Delay(1500);
        var still = await harness.Cases.GetAsync(caseId);
        Assert.Equal(CaseStage.SignOff, still.Stage);
        Assert.Equal(2, still.SignOffRound);
        Assert.Single(still.Panel!.Seats, s => s.Purpose == SeatPurpose.DirectorAdded);

        await harness.SignOff.DecideAsync(WorkflowHarness.DirectorCaller(), caseId, new SignOffRequest("sign", null, null));
        Assert.Equal("completed", (await CompletionAsync(caseId)).ReadOutputAs<CaseWorkflowResult>()!.Outcome);
    }
}
