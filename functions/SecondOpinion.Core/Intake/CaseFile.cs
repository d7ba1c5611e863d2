using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Intake;

public enum CaseCategory { Oncology, Cardiac, Neurology, Diabetes, Ocular, Orthopedic, Other }

/// <summary>Where a case came from: a patient over HTTP, or a hospital batch.</summary>
public enum CaseSource { Patient, Hospital }

/// <summary>
/// Where a case is. Since workflow 3.0 a written report waits at <see cref="SignOff"/> for the
/// medical director, and only a signed one completes the case. <see cref="Cancelled"/> is set by
/// operations, not by the workflow (whose orchestration is terminated).
/// </summary>
public enum CaseStage { Intake, Records, Triage, Matching, Review, Consensus, Report, SignOff, Completed, Expired, Cancelled }

public sealed record PatientDetails(string Name, DateOnly DateOfBirth, string Email, string PreferredLanguage, string Jurisdiction);

/// <param name="Accepted">The medical director agreed and raised the tier; <paramref name="Raised"/>: the workflow was told.</param>
public sealed record TierRecommendation(ServiceTier Recommended, string Finding, string Phrase, DateTimeOffset At, bool Accepted = false, string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null, bool Raised = false);

public sealed record ConsentRecord(bool Accepted, string Version, DateTimeOffset AcceptedAt);

public sealed record CaseDocument(
    string Id,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset UploadedAt,
    string UploadedBy,
    ExtractionSummary? Extraction = null)
{
    /// <summary><c>pending</c> until the records stage reads it, then <c>read</c>, <c>read-with-warnings</c> or <c>unreadable</c> (the reason and next step are in <see cref="Extraction"/>).</summary>
    public string ReadingStatus => Extraction?.Status ?? "pending";

    /// <summary>
    /// "Record 2 (PDF, 3 pages)": what someone who may not see file names (a name can be in one)
    /// needs to tell the case's records apart. <paramref name="index"/> is its place in the case.
    /// </summary>
    public string Label(int index)
    {
        var kind = AcceptedDocuments.Normalize(ContentType) switch
        {
            "application/pdf" => "PDF",
            "image/png" => "PNG image",
            "image/jpeg" => "JPEG image",
            "image/tiff" => "TIFF image",
            "text/plain" => "text",
            _ => "file",
        };
        var pages = Extraction is { Pages: > 0 } e ? $", {e.Pages} page{(e.Pages == 1 ? "" : "s")}" : "";
        return $"Record {index + 1} ({kind}{pages})";
    }
}

/// <summary>
/// One step in a case's history. Only <see cref="PatientFacing"/> entries are shown to the patient and
/// the referring hospital: the others name reviewers or escalation internals (minimum necessary).
/// <see cref="Key"/> names the workflow step that wrote it ("stage:review", "escalation:{id}"): a
/// retried step finds its entry by key, never by the wording of the note.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, CaseStage Stage, string Event, bool PatientFacing = false, string? Key = null);

/// <summary>The case document: everything the platform knows about one second-opinion request. PHI: store only.</summary>
public sealed record CaseFile
{
    public required string Id { get; init; }
    public required CaseSource Source { get; init; }
    public required string OwnerSubject { get; init; }    // patient subject, or hospital id for drops
    public string? HospitalId { get; init; }
    public required PatientDetails Patient { get; init; }
    public required ConsentRecord Consent { get; init; }
    public required CaseCategory Category { get; init; }
    public required string Question { get; init; }
    public string? CurrentDiagnosis { get; init; }
    public string? ProposedTreatment { get; init; }
    public required ServiceTier Tier { get; init; }
    public required CaseStage Stage { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RecordsCompletedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public IReadOnlyList<CaseDocument> Documents { get; init; } = [];
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
    public TriageResult? Triage { get; init; }
    public PanelPlan? Panel { get; init; }
    public ConsensusResult? Consensus { get; init; }
    public string? ReportJsonPath { get; init; }
    public string? ReportHtmlPath { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Triage found the records more urgent than the tier the case was opened on; the director decides.</summary>
    public TierRecommendation? TierRecommendation { get; init; }
    /// <summary>The panel disagreed and a tie-breaking reviewer was looked for (found or not).</summary>
    public bool TieBreakerSought { get; init; }
    /// <summary>The report the medical director is asked to sign; the patient never sees a draft.</summary>
    public Reports.ReportFiles? DraftReport { get; init; }
    /// <summary>The sign-off round of the latest draft (0 before the first).</summary>
    public int SignOffRound { get; init; }
    /// <summary>When the current sign-off request is due (its own budget inside the case SLA).</summary>
    public DateTimeOffset? SignOffDueAt { get; init; }
    /// <summary>Every decision the medical director took on this case, oldest first.</summary>
    public IReadOnlyList<SignOff.SignOffRecord> SignOffs { get; init; } = [];
    /// <summary>The patient's follow-up questions after the report was signed, in the order asked.</summary>
    public IReadOnlyList<FollowUp.FollowUpQuestion> FollowUps { get; init; } = [];
    /// <summary>Every signed version of the report (the first signing, then addenda), oldest first.</summary>
    public IReadOnlyList<Reports.ReportVersion> ReportVersions { get; init; } = [];

    /// <summary>The workflow was told the records are complete (a repeated submit then changes nothing).</summary>
    public bool RecordsCompleteRaised { get; init; }

    /// <summary>A new case at intake from a validated form (patient over HTTP, or a hospital manifest).</summary>
    public static CaseFile Open(string id, CaseSource source, string ownerSubject, string? hospitalId, ValidatedCase form, DateTimeOffset now, string firstEvent) => new()
    {
        Id = id,
        Source = source,
        OwnerSubject = ownerSubject,
        HospitalId = hospitalId,
        Patient = form.Patient,
        Consent = new ConsentRecord(true, form.ConsentVersion, now),
        Category = form.Category,
        Question = form.Question,
        CurrentDiagnosis = form.CurrentDiagnosis,
        ProposedTreatment = form.ProposedTreatment,
        Tier = form.Tier,
        Stage = CaseStage.Intake,
        CreatedAt = now,
        Timeline = [new TimelineEntry(now, CaseStage.Intake, firstEvent, PatientFacing: true)],
    };

    public CaseFile WithStage(CaseStage stage, string note, DateTimeOffset at, int round = 1) =>
        this with { Stage = stage, Timeline = [.. Timeline, new TimelineEntry(at, stage, note, PatientFacing: true, Key: StageKey(stage, round))] };

    public CaseFile WithEvent(string note, DateTimeOffset at, bool patientFacing = false, string? key = null) =>
        this with { Timeline = [.. Timeline, new TimelineEntry(at, Stage, note, patientFacing, key)] };

    /// <summary>Whether the workflow step with this key already wrote its entry.</summary>
    public bool HasStep(string key) => Timeline.Any(t => t.Key == key);

    /// <summary>A stage entered again in a later round (a report returned by the director) has its own key.</summary>
    public static string StageKey(CaseStage stage, int round = 1) => round <= 1 ? $"stage:{Common.EnumNames.Of(stage)}" : $"stage:{Common.EnumNames.Of(stage)}:r{round}";

    /// <summary>When the case entered its current stage (in its latest round).</summary>
    public DateTimeOffset StageEnteredAt => Timeline.LastOrDefault(t => t.Key is { } k && (k == StageKey(Stage) || k.StartsWith(StageKey(Stage) + ":r", StringComparison.Ordinal)))?.At ?? CreatedAt;
}
