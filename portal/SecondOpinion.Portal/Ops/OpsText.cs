using Microsoft.Extensions.Localization;
using SecondOpinion.Portal.Resources;
using SecondOpinion.Portal.Shared;

namespace SecondOpinion.Portal.Ops;

/// <summary>The operations API's codes in the reader's language, with badge classes that never carry meaning alone.</summary>
public static class OpsText
{
    /// <summary>The stages a case can be filtered by on the board (closed ones are not on it).</summary>
    public static readonly IReadOnlyList<string> OpenStages = ["intake", "records", "triage", "matching", "review", "consensus", "report", "sign-off"];

    public static string Stage(IStringLocalizer<Text> t, string stage) => stage switch
    {
        "intake" => t["Intake"],
        "records" => t["Records"],
        "triage" => t["Triage"],
        "matching" => t["Matching"],
        "review" => t["Review"],
        "consensus" => t["Consensus"],
        "report" => t["Report"],
        "sign-off" => t["Sign-off"],
        "completed" => t["Completed"],
        "expired" => t["Expired"],
        "cancelled" => t["Cancelled"],
        _ => stage,
    };

    public static string Tier(IStringLocalizer<Text> t, string tier) => tier switch
    {
        "standard" => t["Standard"],
        "expedited" => t["Expedited"],
        "urgent" => t["Urgent"],
        _ => tier,
    };

    public static string Reason(IStringLocalizer<Text> t, string reason) => reason switch
    {
        "intake-overdue" => t["Records overdue"],
        "intake-expired" => t["Intake expired"],
        "offer-unanswered" => t["Offer not answered"],
        "opinion-overdue" => t["Opinion overdue"],
        "seat-unfilled" => t["Seat unfilled"],
        "no-eligible-specialist" => t["No eligible specialist"],
        "quarantined-batch" => t["Hospital drop quarantined"],
        "discordant-opinions" => t["Reviewers disagree"],
        "sla-at-risk" => t["Deadline at risk"],
        "sla-breached" => t["Deadline missed"],
        "no-opinions" => t["No opinions"],
        "workflow-failed" => t["Workflow failed"],
        "signoff-overdue" => t["Sign-off overdue"],
        "director-decides" => t["Director decides"],
        "followup-overdue" => t["Follow-up overdue"],
        "followup-unanswered" => t["Follow-up unanswered"],
        "tier-raise-recommended" => t["Faster tier recommended"],
        "category-mismatch" => t["Category mismatch"],
        _ => reason,
    };

    /// <summary>How pressing an escalation's reason is: missed deadlines and failures first.</summary>
    public static string ReasonCss(string reason) => reason switch
    {
        "sla-breached" or "workflow-failed" or "no-opinions" or "seat-unfilled" or "no-eligible-specialist" or "quarantined-batch" => "badge bad",
        "sla-at-risk" or "offer-unanswered" or "opinion-overdue" or "intake-overdue" or "signoff-overdue" or "followup-overdue" => "badge risk",
        _ => "badge plain",
    };

    public static string RuntimeStatus(IStringLocalizer<Text> t, string? status) => status switch
    {
        null => t["no workflow"],
        "pending" => t["pending"],
        "running" => t["running"],
        "suspended" => t["suspended"],
        "completed" => t["completed"],
        "failed" => t["failed"],
        "terminated" => t["terminated"],
        "continued-as-new" => t["continued as new"],
        "canceled" => t["canceled"],
        _ => status,
    };

    public static string RuntimeStatusCss(string? status) => status switch
    {
        "running" or "completed" => "badge ok",
        "suspended" or "pending" => "badge risk",
        "failed" or "terminated" => "badge bad",
        _ => "badge plain",
    };

    /// <summary>The deadline's state in words, beside the coloured clock.</summary>
    public static string ClockWord(IStringLocalizer<Text> t, ClockState state) => state switch
    {
        ClockState.OnTrack => t["on track"],
        ClockState.AtRisk => t["at risk"],
        ClockState.Breached => t["breached"],
        _ => t["finished"],
    };

    public static string ClockCss(ClockState state) => state switch
    {
        ClockState.OnTrack => "badge ok",
        ClockState.AtRisk => "badge risk",
        ClockState.Breached => "badge bad",
        _ => "badge plain",
    };

    public static string SeatStatus(IStringLocalizer<Text> t, string status) => status switch
    {
        "not-offered" => t["not offered yet"],
        "unfilled" => t["unfilled"],
        "offered" => t["offered"],
        "accepted" => t["accepted"],
        "declined" => t["declined"],
        "expired" => t["expired"],
        "completed" => t["opinion given"],
        "reassigned" => t["reassigned"],
        "withdrawn" => t["withdrawn"],
        _ => status,
    };

    public static string SeatStatusCss(string status) => status switch
    {
        "completed" => "badge ok",
        "offered" or "accepted" or "not-offered" => "badge plain",
        "unfilled" => "badge bad",
        _ => "badge risk",
    };

    public static string Exclusion(IStringLocalizer<Text> t, string? code) => code switch
    {
        "already-on-panel" => t["already on the panel"],
        "licence" => t["not licensed there"],
        "language" => t["does not speak the language"],
        "conflict-of-interest" => t["conflict of interest"],
        "unavailable" => t["unavailable"],
        "time-off" => t["on time off"],
        "capacity" => t["at capacity"],
        "subspecialty" => t["other subspecialty"],
        null or "" or "other" => t["other reasons"],
        _ => code,
    };

    public static string Purpose(IStringLocalizer<Text> t, string purpose) => purpose switch
    {
        "panel" => t["panel"],
        "tie-breaker" => t["tie-breaker"],
        "director-added" => t["added by the director"],
        "ops-added" => t["added by operations"],
        _ => purpose,
    };

    /// <summary>Why a hospital drop was quarantined (<c>QuarantineReasons</c>, and <c>late-files</c>).</summary>
    public static string QuarantineReason(IStringLocalizer<Text> t, string? reason) => reason switch
    {
        "unknown-batch" => t["unknown batch"],
        "outside-grant" => t["outside the hospital's grant"],
        "unknown-hospital" => t["unknown hospital"],
        "malformed-manifest" => t["malformed manifest"],
        "checksum-mismatch" => t["checksum mismatch"],
        "wrong-file-type" => t["wrong file type"],
        "file-too-large" => t["file too large"],
        "files-missing" => t["files missing"],
        "late-files" => t["files after the batch was finished"],
        null or "" => "—",
        _ => reason,
    };

    /// <summary>"3 h 05 min" for a duration in seconds.</summary>
    public static string Duration(double seconds) => DeadlineClock.Remaining(TimeSpan.FromSeconds(seconds));
}

/// <summary>Excluded specialists grouped by reason code, in the matcher's order of checks (unknown codes last).</summary>
public static class Exclusions
{
    private static readonly string[] Order = ["already-on-panel", "licence", "language", "conflict-of-interest", "unavailable", "time-off", "capacity", "subspecialty"];

    public static IReadOnlyList<(string Reason, IReadOnlyList<ExcludedView> Specialists)> ByReason(IEnumerable<ExcludedView> excluded) =>
        excluded.GroupBy(x => string.IsNullOrEmpty(x.Code) ? "other" : x.Code)
            .OrderBy(g => Array.IndexOf(Order, g.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<ExcludedView>)g.ToList()))
            .ToList();
}
