using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Workflow;

// Everything in this file crosses the durable engine and lands in task-hub history:
// ids, blob paths, counts and statuses only. Never names, dates of birth, diagnoses or record text.

/// <param name="Calendar">The business calendar of the patient's jurisdiction, fixed when the case starts (the case SLA counts its business days).</param>
public sealed record CaseWorkflowInput(string CaseId, ServiceTier Tier, DeadlinePolicy Deadlines, bool RecordsAlreadyComplete, DateTimeOffset? RecordsCompletedAt = null,
    BusinessCalendar? Calendar = null);

public sealed record CaseWorkflowResult(string CaseId, string Outcome, string? ReportJsonPath, int Opinions);

/// <summary>Custom status: what ops dashboards may show from the engine itself.</summary>
public sealed record CaseProgress(CaseStage Stage, int SeatsTotal = 0, int SeatsDone = 0);

/// <summary><paramref name="Round"/> counts the passes through review and sign-off (a returned report starts round 2).</summary>
public sealed record StageChange(string CaseId, CaseStage Stage, string Note, int Round = 1);

public sealed record SlaClock(string CaseId, DateTimeOffset DueAt);

public sealed record DocumentRef(string CaseId, string DocumentId);

public sealed record TriageOutcome(int SeatsNeeded, string Urgency);

/// <param name="CaseId">Set on seats handed back to an activity (matching again); the panel's own refs carry none.</param>
public sealed record SeatRef(string SeatId, IReadOnlyList<string> CandidateSpecialistIds, string? CaseId = null);

public sealed record OfferRequest(string CaseId, string SeatId, string AssignmentId, string SpecialistId, DateTimeOffset AcceptBy);

public sealed record AssignmentUpdate(string CaseId, string AssignmentId, Review.AssignmentStatus? NewStatus = null, DateTimeOffset? OpinionDueAt = null);

/// <summary>Who a reminder goes to: the patient at intake, the specialist for an offer or an opinion, the medical director for a sign-off.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReminderKind>))]
public enum ReminderKind { Intake, Offer, Opinion, SignOff }

/// <summary><paramref name="Round"/> counts intake windows (a case returned to intake is reminded again).</summary>
public sealed record ReminderRequest(string CaseId, ReminderKind Kind, string? AssignmentId = null, int Round = 1);

/// <summary>A case milestone to publish (<see cref="EventTypes.CaseCreated"/> or <see cref="EventTypes.ReportReady"/>).</summary>
public sealed record Announcement(string CaseId, string Type);

public sealed record EscalationRequest(string EscalationId, string CaseId, string Reason, string Detail);

public sealed record SeatOutcome(string SeatId, string? AssignmentId, bool OpinionReceived);

public sealed record ConsensusOutcome(bool Concordant, int Opinions, Review.ConsensusMethod Method = Review.ConsensusMethod.Majority);

/// <summary>A seat added to a panel after matching: the tie-breaker, or one the director or ops asked for.</summary>
/// <param name="RequestId">Names the request (a sign-off decision, an ops action), so a retry adds the seat once.</param>
public sealed record SeatRequest(string CaseId, Matching.SeatPurpose Purpose, string RequestId, string? Subspecialty = null, string? SpecialistId = null);

/// <summary>The director's decision as the workflow sees it: its id and kind; the note stays in the store.</summary>
public sealed record SignOffDecided(string DecisionId, SignOff.SignOffDecision Decision);

public sealed record SignOffRequestRef(string CaseId, int Round, DateTimeOffset DueAt);

public sealed record SignOffRef(string CaseId, string DecisionId);

/// <summary>An opinion reopened for revision after the director returned the report.</summary>
public sealed record RevisionRef(string AssignmentId, int Revision);

/// <summary>A person's window to compute: in the specialist's working hours (or the patient's calendar for others), capped at the case SLA.</summary>
public sealed record WindowRequest(string CaseId, string? SpecialistId, DateTimeOffset Start, TimeSpan Window, TimeSpan ReminderDelay, DateTimeOffset? CaseDueAt);

public sealed record WindowTimes(DateTimeOffset RemindAt, DateTimeOffset DueAt, HumanWindowLimit Limit = HumanWindowLimit.None);

public sealed record ReopenRequest(string CaseId, string DecisionId, DateTimeOffset DueAt);

public sealed record ReportRef(string JsonPath, string HtmlPath);

/// <summary>External events raised into a case orchestration (payloads carry no PHI).</summary>
public static class CaseEvents
{
    public const string RecordsComplete = "records-complete";
    public static string Answer(string assignmentId) => $"answer:{assignmentId}";
    /// <summary>Revision 0 is the first opinion; a revision asked for by the director has its own event.</summary>
    public static string Opinion(string assignmentId, int revision = 0) => revision == 0 ? $"opinion:{assignmentId}" : $"opinion:{assignmentId}:r{revision}";
    public const string SignOff = "signoff";
    /// <summary>Operations withdrew an accepted review: the seat moves on at once, without an overdue escalation.</summary>
    public static string Withdrawn(string assignmentId) => $"withdrawn:{assignmentId}";
    /// <summary>The medical director raised the case's tier: the SLA is counted again on it.</summary>
    public const string TierRaised = "tier-raised";
    /// <summary>Operations added a seat to a panel under review.</summary>
    public const string OpsSeat = "ops-seat";
}

/// <summary>Operations asked for another seat: the request's id, and the subspecialty or specialist it names (ids only).</summary>
public sealed record OpsSeatRequested(string RequestId, string? Subspecialty, string? SpecialistId);

public sealed record TierRaised(ServiceTier Tier);

/// <summary>The case SLA as the running workflow knows it: raised tiers move it; people's windows are capped by it.</summary>
public sealed class SlaDeadline(DateTimeOffset dueAt)
{
    public DateTimeOffset DueAt { get; set; } = dueAt;
}

/// <summary>A seat's candidates tried so far, to ask the store for the next one.</summary>
public sealed record SeatProgress(string CaseId, string SeatId, IReadOnlyList<string> Tried);

public sealed record RecordsCompleted(DateTimeOffset At);

public sealed record AssignmentAnswered(bool Accepted);

public sealed record OpinionSubmitted(DateTimeOffset At);

/// <summary>
/// Versions of the case orchestration. A running case replays on the version it started with, so a
/// new step is taken only by cases started on a version that has it.
/// </summary>
public static class CaseWorkflowVersions
{
    /// <summary>Before versioning: case.created was published by the intake request, not by the workflow.</summary>
    public const string V1 = "1.0";

    /// <summary>Announces case.created as the first workflow step.</summary>
    public const string V2 = "2.0";

    /// <summary>
    /// The clinical loop: a tie-breaker seat on disagreement, and the medical director's sign-off
    /// (sign, return to the panel, add a reviewer) before any report reaches the patient.
    /// </summary>
    public const string V3 = "3.0";

    /// <summary>
    /// Records are read before the case SLA starts, and a case none of whose records can be read goes
    /// back to the patient at intake instead of on to reviewers.
    /// </summary>
    public const string V3_1 = "3.1";

    public const string Current = V3_1;

    /// <summary>Unversioned instances (started before versions were stamped) count as 1.0.</summary>
    public static bool AtLeast(string? instanceVersion, string version) =>
        (Version.TryParse(string.IsNullOrEmpty(instanceVersion) ? V1 : instanceVersion, out var have) ? have : new Version(1, 0)) >= Version.Parse(version);
}

public static class CaseInstance
{
    /// <summary>One orchestration per case; the instance id is derived from the case id.</summary>
    public static string IdFor(string caseId) => $"case-{caseId}";
}
