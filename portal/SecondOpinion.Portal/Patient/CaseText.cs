using Microsoft.Extensions.Localization;
using SecondOpinion.Portal.Resources;

namespace SecondOpinion.Portal.Patient;

/// <summary>The API's codes (stages, tiers, categories, reading problems) in the reader's language.</summary>
public static class CaseText
{
    public static string Stage(IStringLocalizer<Text> t, string stage) => stage switch
    {
        "intake" => t["Waiting for your records"],
        "records" => t["Reading your records"],
        "triage" => t["Triage"],
        "matching" => t["Finding specialists"],
        "review" => t["Specialists reviewing"],
        "consensus" => t["Specialists agreeing"],
        "report" => t["Writing the report"],
        "signoff" => t["Medical director sign-off"],
        "completed" => t["Report ready"],
        "expired" => t["Closed: records not received"],
        "cancelled" => t["Cancelled"],
        _ => stage,
    };

    public static string Tier(IStringLocalizer<Text> t, string tier) => tier switch
    {
        "standard" => t["Standard (5 working days)"],
        "expedited" => t["Expedited (2 working days)"],
        "urgent" => t["Urgent (24 hours)"],
        _ => tier,
    };

    public static readonly IReadOnlyList<string> Categories = ["oncology", "cardiac", "neurology", "diabetes", "ocular", "orthopedic", "other"];

    public static string Category(IStringLocalizer<Text> t, string category) => category switch
    {
        "oncology" => t["Cancer"],
        "cardiac" => t["Heart"],
        "neurology" => t["Brain and nerves"],
        "diabetes" => t["Diabetes"],
        "ocular" => t["Eyes"],
        "orthopedic" => t["Bones and joints"],
        "other" => t["Other / not sure"],
        _ => category,
    };

    public static string ReadingStatus(IStringLocalizer<Text> t, string status) => status switch
    {
        "pending" => t["Waiting to be read"],
        "read" => t["Read"],
        "read-with-warnings" => t["Read, with warnings"],
        "unreadable" => t["Could not be read"],
        _ => status,
    };

    public static string ReadingStatusCss(string status) => status switch
    {
        "read" => "badge ok",
        "read-with-warnings" => "badge risk",
        "unreadable" => "badge bad",
        _ => "badge plain",
    };

    /// <summary>Why a record could not be read, and what to do: the API's English words, or ours by code.</summary>
    public static (string Reason, string NextStep) Problem(IStringLocalizer<Text> t, ReadingProblemInfo problem)
    {
        var reason = t[$"reading.{problem.Code}.reason"];
        var next = t[$"reading.{problem.Code}.next"];
        return (reason.ResourceNotFound ? problem.Reason : reason.Value, next.ResourceNotFound ? problem.NextStep : next.Value);
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
