using SecondOpinion.Portal.Specialist;

namespace SecondOpinion.Portal.Director;

// The JSON of the director routes (functions/SecondOpinion.Core/SignOff/SignOffService.cs and SignOffRecord.cs).

/// <summary>A row of <c>GET api/director/queue</c>: no patient identity.</summary>
public sealed record QueueItem(string CaseId, string Category, string Tier, DateTimeOffset? DueAt, DateTimeOffset? SignOffDueAt, int Round,
    string? Method, string? Summary, IReadOnlyList<string>? Flags);

/// <summary><c>GET api/director/cases/{caseId}</c>: everything read before deciding.</summary>
public sealed record SignOffPacketInfo(string CaseId, string Category, string Tier, string Question, string? CurrentDiagnosis, string? ProposedTreatment,
    int PatientAgeYears, string PatientJurisdiction, DateTimeOffset? DueAt, DateTimeOffset? SignOffDueAt, int Round, ConsensusInfo? Consensus, string? HowReached,
    IReadOnlyList<SignOffOpinionInfo> Opinions, TriageInfo? Triage, IReadOnlyList<string>? Flags, IReadOnlyList<SignOffDecisionInfo>? Decisions,
    IReadOnlyList<string>? Decide)
{
    public TierRecommendationInfo? TierRecommendation { get; init; }

    public bool May(string decision) => Decide?.Any(d => StaffText.Is(d, decision)) == true;

    /// <summary>The panel could not decide: a signature then needs the director's conclusion as its note.</summary>
    public bool NoteRequiredToSign => StaffText.Is(Consensus?.Method, "director-decides") || StaffText.Is(Consensus?.Method, "no-opinions");
}

public sealed record ConsensusInfo(string? Agreement, bool Concordant, bool? SurgeryNecessary, double MeanConfidence, int OpinionCount,
    IReadOnlyList<string>? DissentingSpecialists, string Summary)
{
    public string? Method { get; init; }
}

public sealed record SignOffOpinionInfo(string AssignmentId, string SeatId, string Subspecialty, string SpecialistId, string SpecialistName, bool TieBreaker, bool Dissenting,
    int Revision, OpinionInfo Opinion, IReadOnlyList<OpinionInfo>? PreviousOpinions);

public sealed record SignOffDecisionInfo(string Id, string Decision, string DirectorSubject, string? Note, string? Subspecialty, DateTimeOffset At, int Round);

public sealed record TierRecommendationInfo(string Recommended, string Finding, string Phrase, DateTimeOffset At, bool Accepted, string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record SubspecialtyInfo(string Id, string Name, IReadOnlyList<string>? Categories);

public sealed record TierRaised(string CaseId, string Tier, DateTimeOffset? DueAt);
