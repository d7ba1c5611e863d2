namespace SecondOpinion.Portal.Specialist;

// The JSON of the specialist routes (functions/SecondOpinion.Core/Review/Assignment.cs and AssignmentService.cs).
// Enums arrive as kebab-case strings and stay strings here.

/// <summary>One of my assignments, as <c>GET api/assignments</c> lists it and accept, decline and opinion answer it.</summary>
public sealed record AssignmentInfo(string Id, string CaseId, string SeatId, string Subspecialty, string Status, DateTimeOffset OfferedAt, DateTimeOffset AcceptBy,
    DateTimeOffset? AcceptedAt, DateTimeOffset? OpinionDueAt, OpinionInfo? Opinion, DateTimeOffset? ClosedAt, IReadOnlyList<string>? MatchReasons,
    int Revision, IReadOnlyList<OpinionInfo>? PreviousOpinions)
{
    /// <summary>Not in today's listing; shown when the API adds the case's category to it.</summary>
    public string? Category { get; init; }

    public bool IsOffered => StaffText.Is(Status, "offered");
    public bool IsAccepted => StaffText.Is(Status, "accepted");
    public bool IsCompleted => StaffText.Is(Status, "completed");
}

public sealed record OpinionInfo(string Agreement, string Diagnosis, string Recommendation, bool SurgeryNecessary, double Confidence, string Narrative,
    IReadOnlyList<string>? Answers, DateTimeOffset SubmittedAt, string? RecommendationKind);

/// <summary><c>GET api/assignments/{id}/case</c>: what a reviewer reads once the offer is accepted.</summary>
public sealed record CaseMaterialsInfo(string AssignmentId, string CaseId, string SeatId, string Subspecialty, string Category, string Question,
    string? CurrentDiagnosis, string? ProposedTreatment, int PatientAgeYears, string PatientJurisdiction, IReadOnlyList<MaterialDocumentInfo> Documents,
    TriageInfo? Triage, DateTimeOffset? OpinionDueAt, IReadOnlyList<PanelOpinionInfo>? PanelOpinions, string? DirectorQuestion,
    IReadOnlyList<FollowUpQuestionInfo>? FollowUpQuestions);

/// <summary>One record: its label ("Record 2 (PDF, 3 pages)"), how it was read, the text of all its pages and the facts found in it.</summary>
public sealed record MaterialDocumentInfo(string DocumentId, string Label, string ContentType, string? ExtractionMethod, string? Text, IReadOnlyList<FactInfo>? Facts);

/// <summary>A clinical fact; <see cref="Location"/>'s start is an offset into its PAGE's text (not the record's whole text).</summary>
public sealed record FactInfo(string Kind, string Value, string Evidence)
{
    public string Assertion { get; init; } = "present";
    public FactLocationInfo? Location { get; init; }
    public string? Code { get; init; }
    public string? Category { get; init; }
    public MeasurementInfo? Measurement { get; init; }
    public string? Context { get; init; }

    public bool IsNegated => StaffText.Is(Assertion, "negated");
}

public sealed record FactLocationInfo(string DocumentId, int Page, int Start, int Length);

public sealed record MeasurementInfo(string Name, double? Value, string? Unit, string Normalized, string? Site);

public sealed record TriageInfo(string Category, IReadOnlyList<string> Subspecialties, string Urgency, IReadOnlyList<TriageEvidenceInfo> Evidence)
{
    public string? FormCategory { get; init; }
    public string? InferredCategory { get; init; }
    public CategoryMismatchInfo? Mismatch { get; init; }
}

public sealed record CategoryMismatchInfo(string Form, string Records, double FormScore, double RecordsScore, IReadOnlyList<string> Evidence);

public sealed record TriageEvidenceInfo(string Finding, string Phrase, string Source)
{
    public string? Rule { get; init; }
    public string? FactKind { get; init; }
    public string? FactValue { get; init; }
    public string? Code { get; init; }
    public string? Assertion { get; init; }
    public string? DocumentId { get; init; }
    public int? Page { get; init; }
    public int? Start { get; init; }
    public int? Length { get; init; }
}

public sealed record PanelOpinionInfo(string SeatId, string Subspecialty, OpinionInfo Opinion);

public sealed record FollowUpQuestionInfo(string Id, string Question, string Status, DateTimeOffset AskedAt, DateTimeOffset? AnswerDueAt, string? Answer,
    DateTimeOffset? AnsweredAt, int? AddendumVersion);

/// <summary>The body of <c>POST api/assignments/{id}/opinion</c>.</summary>
public sealed class OpinionForm
{
    public string Agreement { get; set; } = "";
    public string Diagnosis { get; set; } = "";
    public string Recommendation { get; set; } = "";
    public string RecommendationKind { get; set; } = "";
    /// <summary>"yes", "no" or "" (not chosen: the API says it is required).</summary>
    public string SurgeryNecessary { get; set; } = "";
    public string Confidence { get; set; } = "";
    public string Narrative { get; set; } = "";
    public List<string> Answers { get; set; } = [""];

    public object ToRequest() => new
    {
        agreement = Agreement.Length == 0 ? null : Agreement,
        diagnosis = Diagnosis,
        recommendation = Recommendation,
        recommendationKind = RecommendationKind.Length == 0 ? null : RecommendationKind,
        surgeryNecessary = SurgeryNecessary switch { "yes" => true, "no" => (bool?)false, _ => null },
        confidence = double.TryParse(Confidence, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : (double?)null,
        narrative = Narrative,
        answers = Answers.Where(a => !string.IsNullOrWhiteSpace(a)).ToList(),
    };
}
