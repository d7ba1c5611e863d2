using Microsoft.Extensions.Localization;
using SecondOpinion.Portal.Resources;

namespace SecondOpinion.Portal.Specialist;

/// <summary>The review and sign-off codes (agreement, recommendation kinds, assertions, flags, consensus) in the reader's language.</summary>
public static class StaffText
{
    /// <summary>The same code however the API spells it: <c>add-reviewer</c>, <c>AddReviewer</c>, <c>addreviewer</c>.</summary>
    public static bool Is(string? value, string code) =>
        value is not null && string.Equals(value.Replace("-", "").Replace("_", ""), code.Replace("-", ""), StringComparison.OrdinalIgnoreCase);

    public static readonly IReadOnlyList<string> Agreements = ["confirm", "modify", "disagree"];

    public static string Agreement(IStringLocalizer<Text> t, string? agreement) => Code(agreement) switch
    {
        "confirm" => t["Confirm the diagnosis and plan"],
        "modify" => t["Modify the plan"],
        "disagree" => t["Disagree"],
        _ => agreement ?? "—",
    };

    public static readonly IReadOnlyList<string> RecommendationKinds = ["surgery", "procedure", "medical-therapy", "radiation", "surveillance", "more-tests", "no-treatment"];

    public static string RecommendationKind(IStringLocalizer<Text> t, string? kind) => Code(kind) switch
    {
        "surgery" => t["Surgery"],
        "procedure" => t["Procedure"],
        "medicaltherapy" => t["Medical therapy"],
        "radiation" => t["Radiation"],
        "surveillance" => t["Surveillance"],
        "moretests" => t["More tests"],
        "notreatment" => t["No treatment"],
        _ => kind ?? "—",
    };

    public static string Assertion(IStringLocalizer<Text> t, string? assertion) => Code(assertion) switch
    {
        "present" => t["present"],
        "negated" => t["negated"],
        "possible" => t["possible"],
        "historical" => t["historical"],
        "otherperson" => t["someone else"],
        _ => assertion ?? "",
    };

    public static string FactKind(IStringLocalizer<Text> t, string? kind) => Code(kind) switch
    {
        "icd10" => t["ICD-10 code"],
        "diagnosis" => t["diagnosis"],
        "procedure" => t["procedure"],
        "medication" => t["medication"],
        "measurement" => t["measurement"],
        _ => kind ?? "",
    };

    public static string Urgency(IStringLocalizer<Text> t, string? urgency) => Code(urgency) switch
    {
        "routine" => t["routine"],
        "expedited" => t["expedited"],
        "urgent" => t["urgent"],
        _ => urgency ?? "",
    };

    public static string UrgencyCss(string? urgency) => Code(urgency) switch
    {
        "urgent" => "badge bad",
        "expedited" => "badge risk",
        _ => "badge plain",
    };

    public static string AssignmentStatus(IStringLocalizer<Text> t, string status) => Code(status) switch
    {
        "offered" => t["offered"],
        "accepted" => t["accepted"],
        "declined" => t["declined"],
        "expired" => t["expired"],
        "reassigned" => t["reassigned"],
        "completed" => t["opinion given"],
        "withdrawn" => t["withdrawn"],
        _ => status,
    };

    public static string ExtractionMethod(IStringLocalizer<Text> t, string? method, bool hasText) => (Code(method), hasText) switch
    {
        (_, false) => t["No text was read from this record"],
        ("textlayer", _) => t["Read from the file's text"],
        ("ocr", _) => t["Read by OCR (check against the original)"],
        ("mixed", _) => t["Read from the file's text and by OCR"],
        _ => t["Read"],
    };

    public static string ExtractionCss(string? method, bool hasText) => (Code(method), hasText) switch
    {
        (_, false) => "badge bad",
        ("ocr", _) or ("mixed", _) => "badge risk",
        _ => "badge ok",
    };

    public static string ConsensusMethod(IStringLocalizer<Text> t, string? method) => Code(method) switch
    {
        "unanimous" => t["Unanimous"],
        "majority" => t["Majority"],
        "tiebreaker" => t["Tie-breaker decided"],
        "directordecides" => t["Panel could not decide: the director decides"],
        "noopinions" => t["No opinions received"],
        _ => method ?? "—",
    };

    public static string Flag(IStringLocalizer<Text> t, string flag) => Code(flag) switch
    {
        "discordant" => t["Reviewers disagree"],
        "tiebreakerdecided" => t["Decided by a tie-breaker"],
        "directordecides" => t["Director decides"],
        "noopinions" => t["No opinions"],
        "late" => t["Late"],
        "unreadablerecords" => t["Unreadable records"],
        "urgentfindings" => t["Urgent findings"],
        "returnedbefore" => t["Returned before"],
        "tierraiserecommended" => t["Faster tier recommended"],
        "categorymismatch" => t["Category mismatch"],
        _ => flag,
    };

    public static string FlagCss(string flag) => Code(flag) switch
    {
        "late" or "urgentfindings" or "directordecides" or "noopinions" or "unreadablerecords" => "badge bad",
        "discordant" or "tierraiserecommended" or "categorymismatch" or "returnedbefore" => "badge risk",
        _ => "badge plain",
    };

    public static string Decision(IStringLocalizer<Text> t, string decision) => Code(decision) switch
    {
        "sign" => t["Signed"],
        "return" => t["Returned to the panel"],
        "addreviewer" => t["Reviewer added"],
        _ => decision,
    };

    public static string Tier(IStringLocalizer<Text> t, string? tier) => Code(tier) switch
    {
        "standard" => t["standard"],
        "expedited" => t["expedited"],
        "urgent" => t["urgent"],
        _ => tier ?? "",
    };

    public static string Category(IStringLocalizer<Text> t, string? category) =>
        category is null ? "—" : Patient.CaseText.Category(t, category.ToLowerInvariant());

    public static string Confidence(double confidence) => confidence.ToString("P0", System.Globalization.CultureInfo.CurrentCulture);

    public static string YesNo(IStringLocalizer<Text> t, bool? value) => value switch { true => t["yes"], false => t["no"], _ => "—" };

    /// <summary>Where triage evidence stands when it is the case form ("form:question"); other sources as given.</summary>
    public static string FormSource(IStringLocalizer<Text> t, string source) => source switch
    {
        "form:question" => t["The patient's question"],
        "form:category" => t["The category chosen on the form"],
        "form:currentDiagnosis" or "form:current-diagnosis" => t["The diagnosis the patient was given"],
        "form:proposedTreatment" or "form:proposed-treatment" => t["The treatment the patient was offered"],
        _ when source.StartsWith("form:", StringComparison.Ordinal) => t["The case form"],
        _ => source,
    };

    /// <summary>A code without case, dashes or underscores, so both spellings of an enum compare equal.</summary>
    private static string Code(string? value) => (value ?? "").Replace("-", "").Replace("_", "").ToLowerInvariant();
}
