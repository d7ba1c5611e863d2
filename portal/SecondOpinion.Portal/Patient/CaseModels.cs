namespace SecondOpinion.Portal.Patient;

// The API's case as the portal reads it (GET /api/cases/{id}); fields the portal does not show are left out.

/// <summary>One of my cases (GET /api/cases): <see cref="Status"/> is its latest patient-facing timeline entry.</summary>
public sealed record CaseSummary(string Id, string Stage, string Tier, string Category, DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? DueAt, bool Late, string? Status, DateTimeOffset? StatusAt, int Documents,
    DateTimeOffset? CompletedAt, string? ReportUrl);

public sealed record CaseDetail(string Id, string Source, string Stage, string Tier, string Category, DateTimeOffset CreatedAt,
    DateTimeOffset? RecordsCompletedAt, DateTimeOffset? DueAt, bool Late, PatientInfo? Patient, string Question,
    IReadOnlyList<CaseDocumentInfo> Documents, IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<SeatInfo> Panel,
    string? ReportUrl, DateTimeOffset? CompletedAt)
{
    public bool Open => Stage is not ("completed" or "expired" or "cancelled");
    public bool AcceptsRecords => Stage == "intake" && RecordsCompletedAt is null;
}

public sealed record PatientInfo(string Name, string DateOfBirth, string Email, string PreferredLanguage, string Jurisdiction);

public sealed record CaseDocumentInfo(string Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt,
    string ReadingStatus, ExtractionInfo? Extraction);

public sealed record ExtractionInfo(int Pages, int OcrPages, ReadingProblemInfo? Problem, IReadOnlyList<ReadingWarningInfo>? Warnings);

public sealed record ReadingProblemInfo(string Code, string Reason, string NextStep);

public sealed record ReadingWarningInfo(string Code, int Page, string Text);

public sealed record TimelineItem(DateTimeOffset At, string Stage, string Event, bool PatientFacing, string? Key);

public sealed record SeatInfo(string SeatId, string Subspecialty, string Status);

public sealed record FollowUpInfo(string Id, string Question, string Status, DateTimeOffset AskedAt, DateTimeOffset? AnswerDueAt,
    string? Answer, DateTimeOffset? AnsweredAt, int? AddendumVersion);

/// <summary>The case form as the patient fills it in; sent as the API's <c>CreateCaseRequest</c>.</summary>
public sealed class NewCaseForm
{
    public const string ConsentVersion = "2026-01";

    public string Name { get; set; } = "";
    public string DateOfBirth { get; set; } = "";
    public string Email { get; set; } = "";
    public string PreferredLanguage { get; set; } = "en";
    public string Jurisdiction { get; set; } = "";
    public bool ConsentAccepted { get; set; }
    public string Category { get; set; } = "";
    public string Question { get; set; } = "";
    public string CurrentDiagnosis { get; set; } = "";
    public string ProposedTreatment { get; set; } = "";
    public string Tier { get; set; } = "standard";

    /// <summary>The body of POST /api/cases: empty fields are sent as absent so the API names them.</summary>
    public object ToRequest() => new
    {
        patient = new
        {
            name = Blank(Name), dateOfBirth = Blank(DateOfBirth), email = Blank(Email),
            preferredLanguage = Blank(PreferredLanguage), jurisdiction = Blank(Jurisdiction?.Trim().ToUpperInvariant()),
        },
        consent = new { accepted = ConsentAccepted, version = ConsentVersion },
        category = Blank(Category), question = Blank(Question), currentDiagnosis = Blank(CurrentDiagnosis),
        proposedTreatment = Blank(ProposedTreatment), tier = Blank(Tier),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The stages a patient sees, in order, and where a case is among them.</summary>
public static class CaseStages
{
    public static readonly IReadOnlyList<string> Journey = ["intake", "records", "triage", "matching", "review", "consensus", "report", "signoff", "completed"];

    public static int IndexOf(string stage) => Journey.ToList().IndexOf(stage);
}
