namespace SecondOpinion.Portal.Ops;

/// <summary>What operations can do about a case (or an escalation) from the portal.</summary>
public enum OpsAction { Resolve, ReassignSeat, AddSeat, WithdrawAssignment, Restart, Cancel, Suspend, Resume }

/// <summary>
/// What an escalation is about, read from its id (ids are deterministic, see <c>EscalationIds</c> and the
/// workflow): the seat and assignment of an offer or opinion, the seat of an unfilled seat, the
/// subspecialty nobody could take, or a hospital batch instead of a case.
/// </summary>
public sealed record EscalationTarget(string? CaseId, string? SeatId = null, string? AssignmentId = null, string? Subspecialty = null, string? BatchId = null);

/// <summary>
/// The actions each escalation's reason calls for, first the one that answers it, resolve always last
/// (every escalation is resolved explicitly, even after the action that answers it). Pure, so it is
/// unit-tested; the reasons are those of <c>EscalationReasons</c> in SecondOpinion.Core.
/// </summary>
public static class EscalationActions
{
    public static IReadOnlyList<OpsAction> For(string reason) => reason switch
    {
        // The workflow moved on to the next backup already; ops may name someone instead.
        "offer-unanswered" or "opinion-overdue" => [OpsAction.ReassignSeat, OpsAction.Resolve],
        // Nobody holds the seat any more: reassigning is refused, a new seat with a named specialist is not.
        "seat-unfilled" => [OpsAction.AddSeat, OpsAction.Cancel, OpsAction.Resolve],
        "no-eligible-specialist" => [OpsAction.AddSeat, OpsAction.Resolve],
        // The deadline is near or gone: free the slow seat, give it to someone named, or stop the case.
        "sla-at-risk" => [OpsAction.ReassignSeat, OpsAction.WithdrawAssignment, OpsAction.Resolve],
        "sla-breached" => [OpsAction.ReassignSeat, OpsAction.WithdrawAssignment, OpsAction.Cancel, OpsAction.Resolve],
        // A step ran out of retries: restarting retries it, from the stage the case is in.
        "workflow-failed" => [OpsAction.Restart, OpsAction.Cancel, OpsAction.Resolve],
        // The patient has not sent their records yet.
        "intake-overdue" => [OpsAction.Cancel, OpsAction.Resolve],
        // After consensus the medical director takes the case; ops may stop one that cannot go on.
        "no-opinions" => [OpsAction.Cancel, OpsAction.Resolve],
        "category-mismatch" => [OpsAction.Cancel, OpsAction.Resolve],
        // The director's (sign-off, tier, disagreement), already closed (intake expired), a follow-up
        // question, or a hospital drop: ops records what was done.
        _ => [OpsAction.Resolve],
    };

    /// <summary>Whose is the escalation: the case, its seat or assignment, a subspecialty, or a hospital batch.</summary>
    public static EscalationTarget TargetOf(EscalationView e)
    {
        if (e.Reason == "quarantined-batch" || e.CaseId.StartsWith('b')) return new EscalationTarget(null, BatchId: e.CaseId);
        var prefix = e.CaseId + "-";
        var rest = e.Id.StartsWith(prefix, StringComparison.Ordinal) ? e.Id[prefix.Length..] : "";
        var assignment = e.Reason switch
        {
            "offer-unanswered" => Suffixed(rest, "-unanswered"),
            "opinion-overdue" => Suffixed(rest, "-overdue"),
            _ => null,
        };
        if (assignment is not null)
        {
            // "{caseId}-{seatId}-{attempt}" with seats "seat-{n}" or "tiebreaker-{n}": the seat lies between the case and the attempt.
            var parts = assignment.Split('-');
            if (parts.Length == 3 && parts[0].Length > 0 && parts[0].All(char.IsAsciiLetterLower) && parts[1..].All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
                return new EscalationTarget(e.CaseId, $"{parts[0]}-{parts[1]}", prefix + assignment);
        }
        if (e.Reason == "seat-unfilled" && Suffixed(rest, "-unfilled") is { } seatId) return new EscalationTarget(e.CaseId, seatId);
        const string noMatch = "nomatch-";
        if (e.Reason == "no-eligible-specialist" && rest.StartsWith(noMatch, StringComparison.Ordinal) && rest.Length > noMatch.Length)
            return new EscalationTarget(e.CaseId, Subspecialty: rest[noMatch.Length..]);
        return new EscalationTarget(e.CaseId);
    }

    /// <summary>What the reason means for ops, in English (the key of the localized text).</summary>
    public static string Advice(string reason) => reason switch
    {
        "intake-overdue" => "The patient has not sent their records in time. Contact them, or cancel the case.",
        "intake-expired" => "The case closed because the records never came. Record what was done.",
        "offer-unanswered" => "An offer was not answered in time; the next backup was offered. Give the seat to someone you name if needed.",
        "opinion-overdue" => "An opinion is overdue; the seat went to the next backup. Give the seat to someone you name if needed.",
        "seat-unfilled" => "No candidate delivered an opinion for this seat. Add a seat with a specialist you name.",
        "no-eligible-specialist" => "No eligible reviewer for a subspecialty. Free or add a specialist, then add a seat.",
        "quarantined-batch" => "A hospital drop was quarantined. Check it with the hospital.",
        "discordant-opinions" => "Reviewers disagree; the medical director reviews the dissent at sign-off.",
        "sla-at-risk" => "Three quarters of the case's time are used. Move a slow seat on if needed.",
        "sla-breached" => "The case is past its deadline. Move it on, or cancel it.",
        "no-opinions" => "No reviewer delivered an opinion; the medical director must take the case.",
        "workflow-failed" => "A workflow step failed after its retries. Restart the case to retry it.",
        "signoff-overdue" => "The medical director's sign-off is overdue.",
        "director-decides" => "Reviewers disagree and no tie-breaker could decide; the medical director decides.",
        "followup-overdue" => "A follow-up question is waiting for its answer.",
        "followup-unanswered" => "A follow-up question was not answered.",
        "tier-raise-recommended" => "Triage recommends a faster tier; the medical director may raise it.",
        "category-mismatch" => "The records point at another category than the form names.",
        _ => "Look at the case and record what was done.",
    };

    private static string? Suffixed(string value, string suffix) =>
        value.EndsWith(suffix, StringComparison.Ordinal) && value.Length > suffix.Length ? value[..^suffix.Length] : null;
}
