using System.Text.Json;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Ops;

namespace SecondOpinion.Portal.Tests;

public sealed class EscalationActionsTests
{
    private const string CaseId = "c0123456789abcdef";
    private static readonly DateTimeOffset Raised = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    // Every reason the platform raises (SecondOpinion.Core EscalationReasons).
    public static readonly TheoryData<string> Reasons = new()
    {
        "intake-overdue", "intake-expired", "offer-unanswered", "opinion-overdue", "seat-unfilled", "no-eligible-specialist", "quarantined-batch",
        "discordant-opinions", "sla-at-risk", "sla-breached", "no-opinions", "workflow-failed", "signoff-overdue", "director-decides",
        "followup-overdue", "tier-raise-recommended", "followup-unanswered", "category-mismatch", "something-new",
    };

    private static EscalationView Escalation(string id, string reason, string? caseId = CaseId) => new(id, caseId!, reason, "detail", Raised);

    [Theory]
    [MemberData(nameof(Reasons))]
    public void every_reason_can_be_resolved_and_resolve_comes_last(string reason)
    {
        var actions = EscalationActions.For(reason);
        Assert.Equal(OpsAction.Resolve, actions[^1]);
        Assert.Single(actions, OpsAction.Resolve);
        Assert.False(string.IsNullOrWhiteSpace(EscalationActions.Advice(reason)));
    }

    [Theory]
    [InlineData("workflow-failed", OpsAction.Restart)]
    [InlineData("offer-unanswered", OpsAction.ReassignSeat)]
    [InlineData("opinion-overdue", OpsAction.ReassignSeat)]
    [InlineData("seat-unfilled", OpsAction.AddSeat)]
    [InlineData("no-eligible-specialist", OpsAction.AddSeat)]
    [InlineData("sla-at-risk", OpsAction.ReassignSeat)]
    [InlineData("sla-breached", OpsAction.ReassignSeat)]
    [InlineData("intake-overdue", OpsAction.Cancel)]
    public void the_first_action_is_the_one_the_reason_calls_for(string reason, OpsAction first) =>
        Assert.Equal(first, EscalationActions.For(reason)[0]);

    [Fact]
    public void a_missed_deadline_offers_withdrawing_the_slow_assignment_and_cancelling()
    {
        Assert.Contains(OpsAction.WithdrawAssignment, EscalationActions.For("sla-breached"));
        Assert.Contains(OpsAction.Cancel, EscalationActions.For("sla-breached"));
        Assert.DoesNotContain(OpsAction.Cancel, EscalationActions.For("sla-at-risk"));
    }

    [Theory]
    [InlineData("signoff-overdue")]
    [InlineData("director-decides")]
    [InlineData("tier-raise-recommended")]
    [InlineData("quarantined-batch")]
    [InlineData("intake-expired")]
    [InlineData("")]
    public void what_is_the_directors_or_already_closed_is_only_resolved(string reason) =>
        Assert.Equal([OpsAction.Resolve], EscalationActions.For(reason));

    [Fact]
    public void an_unanswered_offer_names_its_assignment_and_seat()
    {
        var target = EscalationActions.TargetOf(Escalation($"{CaseId}-seat-2-3-unanswered", "offer-unanswered"));
        Assert.Equal(new EscalationTarget(CaseId, "seat-2", $"{CaseId}-seat-2-3"), target);
    }

    [Fact]
    public void an_overdue_opinion_on_a_tie_breaker_names_that_seat()
    {
        var target = EscalationActions.TargetOf(Escalation($"{CaseId}-tiebreaker-1-1-overdue", "opinion-overdue"));
        Assert.Equal("tiebreaker-1", target.SeatId);
        Assert.Equal($"{CaseId}-tiebreaker-1-1", target.AssignmentId);
    }

    [Fact]
    public void an_unfilled_seat_and_a_missing_subspecialty_are_read_from_the_id()
    {
        Assert.Equal("seat-1", EscalationActions.TargetOf(Escalation($"{CaseId}-seat-1-unfilled", "seat-unfilled")).SeatId);
        Assert.Equal("neuroradiology", EscalationActions.TargetOf(Escalation($"{CaseId}-nomatch-neuroradiology", "no-eligible-specialist")).Subspecialty);
        // The director's added reviewer: no subspecialty in the id.
        Assert.Null(EscalationActions.TargetOf(Escalation($"{CaseId}-so1-no-reviewer", "no-eligible-specialist")).Subspecialty);
    }

    [Theory]
    [InlineData("seat-2-unanswered", "offer-unanswered")]       // no attempt number
    [InlineData("-unanswered", "offer-unanswered")]
    [InlineData("x-overdue", "sla-breached")]
    public void ids_that_do_not_follow_the_pattern_name_only_the_case(string suffix, string reason)
    {
        var target = EscalationActions.TargetOf(Escalation($"{CaseId}-{suffix}", reason));
        Assert.Equal(CaseId, target.CaseId);
        Assert.Null(target.SeatId);
    }

    [Fact]
    public void an_id_of_another_case_yields_no_seat()
    {
        var target = EscalationActions.TargetOf(Escalation("c9999999999999999-seat-1-1-unanswered", "offer-unanswered"));
        Assert.Null(target.AssignmentId);
        Assert.Null(target.SeatId);
    }

    [Fact]
    public void a_quarantined_batch_has_no_case()
    {
        var target = EscalationActions.TargetOf(Escalation("b0123456789abcdef-quarantined", "quarantined-batch", "b0123456789abcdef"));
        Assert.Null(target.CaseId);
        Assert.Equal("b0123456789abcdef", target.BatchId);
    }
}

public sealed class OpsRequestsTests
{
    private const string CaseId = "c0123456789abcdef";

    private static string Json(object body) => JsonSerializer.Serialize(body, body.GetType(), PortalApi.Json);

    [Fact]
    public void resolve_posts_the_resolution_to_the_escalation()
    {
        var (call, missing) = OpsRequests.Build(OpsAction.Resolve, CaseId, $"{CaseId}-sla-breached", new OpsActionInput("  Called the reviewer "));
        Assert.Null(missing);
        Assert.Equal($"api/ops/escalations/{CaseId}-sla-breached/resolve", call!.Path);
        Assert.Equal("""{"resolution":"Called the reviewer"}""", Json(call.Body));
    }

    [Theory]
    [InlineData(OpsAction.Restart, "restart")]
    [InlineData(OpsAction.Cancel, "cancel")]
    [InlineData(OpsAction.Suspend, "suspend")]
    [InlineData(OpsAction.Resume, "resume")]
    public void workflow_actions_post_the_reason_to_the_case(OpsAction action, string verb)
    {
        var (call, _) = OpsRequests.Build(action, CaseId, null, new OpsActionInput("stuck"));
        Assert.Equal($"api/ops/cases/{CaseId}/{verb}", call!.Path);
        Assert.Equal("""{"reason":"stuck"}""", Json(call.Body));
    }

    [Fact]
    public void a_blank_reason_is_sent_as_absent_so_the_api_names_it()
    {
        var (call, missing) = OpsRequests.Build(OpsAction.Cancel, CaseId, null, new OpsActionInput("   "));
        Assert.Null(missing);
        Assert.Equal("{}", Json(call!.Body));
    }

    [Fact]
    public void reassigning_names_the_seat_in_the_path_and_the_specialist_in_the_body()
    {
        var (call, _) = OpsRequests.Build(OpsAction.ReassignSeat, CaseId, null, new OpsActionInput("faster", SeatId: "seat-2", SpecialistId: " sp-007 "));
        Assert.Equal($"api/ops/cases/{CaseId}/seats/seat-2/reassign", call!.Path);
        Assert.Equal("""{"specialistId":"sp-007","reason":"faster"}""", Json(call.Body));
    }

    [Fact]
    public void reassigning_without_a_seat_is_refused_under_the_seat_field()
    {
        var (call, missing) = OpsRequests.Build(OpsAction.ReassignSeat, CaseId, null, new OpsActionInput("faster", SpecialistId: "sp-007"));
        Assert.Null(call);
        Assert.NotEmpty(missing!.For("seatId"));
    }

    [Fact]
    public void adding_a_seat_sends_what_was_chosen()
    {
        var (call, _) = OpsRequests.Build(OpsAction.AddSeat, CaseId, null, new OpsActionInput("unfilled", Subspecialty: "neuroradiology"));
        Assert.Equal($"api/ops/cases/{CaseId}/seats", call!.Path);
        Assert.Equal("""{"subspecialty":"neuroradiology","reason":"unfilled"}""", Json(call.Body));
    }

    [Fact]
    public void withdrawing_needs_the_assignment_and_escapes_it()
    {
        Assert.NotEmpty(OpsRequests.Build(OpsAction.WithdrawAssignment, CaseId, null, new OpsActionInput("slow")).Missing!.For("assignmentId"));
        var (call, _) = OpsRequests.Build(OpsAction.WithdrawAssignment, CaseId, null, new OpsActionInput("slow", AssignmentId: "a/b"));
        Assert.Equal("api/ops/assignments/a%2Fb/withdraw", call!.Path);
    }

    [Fact]
    public void resolve_uses_the_resolution_field_and_the_others_the_reason()
    {
        Assert.Equal("resolution", OpsRequests.TextField(OpsAction.Resolve));
        Assert.All(Enum.GetValues<OpsAction>().Where(a => a != OpsAction.Resolve), a => Assert.Equal("reason", OpsRequests.TextField(a)));
        Assert.Equal(Enum.GetValues<OpsAction>().Length, Enum.GetValues<OpsAction>().Select(OpsRequests.TestId).Distinct().Count());
    }

    [Fact]
    public void a_problem_is_scoped_to_its_form_and_still_found_by_field()
    {
        var problem = new ApiProblem(400, "Invalid", null, new Dictionary<string, string[]> { ["reason"] = ["Say why"] });
        var scoped = ProblemScope.Within(problem, "esc-1-cancel")!;
        Assert.Equal(["Say why"], scoped.For("esc-1-cancel.reason"));
        Assert.Empty(scoped.For("reason"));
        Assert.Null(ProblemScope.Within(null, "x"));
    }

    [Theory]
    [InlineData("US-CA, us-ny ,, JP", new[] { "US-CA", "us-ny", "JP" })]
    [InlineData("", new string[0])]
    [InlineData(null, new string[0])]
    [InlineData("en,en\nja", new[] { "en", "ja" })]
    public void comma_separated_text_becomes_a_list(string? text, string[] expected) => Assert.Equal(expected, ListText.Split(text));

    [Fact]
    public void board_certifications_keep_their_commas()
    {
        Assert.Equal(["ABIM Medical Oncology, 2010", "JSMO"], ListText.Lines("ABIM Medical Oncology, 2010\r\n\nJSMO"));
        Assert.Equal("a, b", ListText.Join(["a", "b"]));
    }

    [Fact]
    public void excluded_specialists_are_grouped_in_the_matchers_order()
    {
        var groups = Exclusions.ByReason(
        [
            new ExcludedView("sp-3", null, "at capacity", "capacity"),
            new ExcludedView("sp-1", null, "old"),
            new ExcludedView("sp-2", null, "not licensed in US-TX", "licence"),
            new ExcludedView("sp-4", null, "not licensed in US-TX", "licence"),
        ]);
        Assert.Equal(["licence", "capacity", "other"], groups.Select(g => g.Reason));
        Assert.Equal(2, groups[0].Specialists.Count);
    }
}
