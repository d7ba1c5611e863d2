using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Workflow;

// Everything in this file crosses the durable engine and lands in task-hub history:
// ids, blob paths, counts and statuses only. Never names, dates of birth, diagnoses or record text.

public sealed record CaseWorkflowInput(string CaseId, ServiceTier Tier, DeadlinePolicy Deadlines, bool RecordsAlreadyComplete, DateTimeOffset? RecordsCompletedAt = null);

public sealed record CaseWorkflowResult(string CaseId, string Outcome, string? ReportJsonPath, int Opinions);

/// <summary>Custom status: what ops dashboards may show from the engine itself.</summary>
public sealed record CaseProgress(CaseStage Stage, int SeatsTotal = 0, int SeatsDone = 0);

public sealed record StageChange(string CaseId, CaseStage Stage, string Note);

public sealed record SlaClock(string CaseId, DateTimeOffset DueAt);

public sealed record DocumentRef(string CaseId, string DocumentId);

public sealed record TriageOutcome(int SeatsNeeded, string Urgency);

public sealed record SeatRef(string SeatId, IReadOnlyList<string> CandidateSpecialistIds);

public sealed record OfferRequest(string CaseId, string SeatId, string AssignmentId, string SpecialistId, DateTimeOffset AcceptBy);

public sealed record AssignmentUpdate(string CaseId, string AssignmentId, string? NewStatus = null, DateTimeOffset? OpinionDueAt = null);

public sealed record ReminderRequest(string CaseId, string Kind, string? AssignmentId = null);

public sealed record EscalationRequest(string EscalationId, string CaseId, string Reason, string Detail);

public sealed record SeatOutcome(string SeatId, string? AssignmentId, bool OpinionReceived);

public sealed record ConsensusOutcome(bool Concordant, int Opinions);

public sealed record ReportRef(string JsonPath, string HtmlPath);

/// <summary>External events raised into a case orchestration (payloads carry no PHI).</summary>
public static class CaseEvents
{
    public const string RecordsComplete = "records-complete";
    public static string Answer(string assignmentId) => $"answer:{assignmentId}";
    public static string Opinion(string assignmentId) => $"opinion:{assignmentId}";
}

public sealed record RecordsCompleted(DateTimeOffset At);

public sealed record AssignmentAnswered(bool Accepted);

public sealed record OpinionSubmitted(DateTimeOffset At);

public static class CaseInstance
{
    /// <summary>One orchestration per case; the instance id is derived from the case id.</summary>
    public static string IdFor(string caseId) => $"case-{caseId}";
}
