namespace SecondOpinion.Portal.Ops;

// The operations API's JSON as the portal reads it (see OpsApi.cs and the view records in
// SecondOpinion.Core: Operations/, Deadlines/, Matching/, Hospitals/). Enums stay kebab-case strings.

/// <summary>A row of <c>GET /api/ops/cases</c>: stage and deadline, no identity, no clinical content.</summary>
public sealed record OpsCaseRow(string Id, string Source, string Stage, string Tier, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, bool Late,
    int Documents, DateTimeOffset? CompletedAt);

/// <summary>One escalation of <c>GET /api/ops/escalations</c>; <see cref="CaseId"/> is a hospital batch id for a quarantined drop.</summary>
public sealed record EscalationView(string Id, string CaseId, string Reason, string Detail, DateTimeOffset RaisedAt, bool Resolved = false,
    string? ResolvedBy = null, string? Resolution = null, DateTimeOffset? ResolvedAt = null);

/// <summary><c>GET /api/ops/cases/{caseId}/workflow</c>.</summary>
public sealed record WorkflowView(string CaseId, string Stage, WorkflowStatusView? Workflow, IReadOnlyList<WorkflowStepView> Steps, IReadOnlyList<StageTimeView> Stages);

public sealed record WorkflowStatusView(string InstanceId, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string? Version,
    WorkflowProgressView? Progress, WorkflowFailureView? Failure);

public sealed record WorkflowProgressView(string Stage, int SeatsTotal, int SeatsDone);

public sealed record WorkflowFailureView(string ErrorType, string Message);

public sealed record WorkflowStepView(DateTimeOffset At, string Stage, string Key, string Event);

public sealed record StageTimeView(string Stage, int Entered, int Entries, double Seconds);

/// <summary><c>GET /api/ops/cases/{caseId}/panel</c>.</summary>
public sealed record PanelView(string CaseId, string Stage, IReadOnlyList<SeatView> Seats, IReadOnlyList<string> UnfilledSubspecialties)
{
    public IReadOnlyList<SeatDecisionInfo> UnfilledDecisions { get; init; } = [];
}

public sealed record SeatView(string SeatId, string Purpose, string Subspecialty, string Status, ReviewerView? CurrentReviewer,
    IReadOnlyList<CandidateView> Candidates, IReadOnlyList<OfferView> Offers, IReadOnlyList<ExcludedView> Excluded, string? RequestId)
{
    public IReadOnlyList<SeatDecisionInfo> Decisions { get; init; } = [];
}

public sealed record ReviewerView(string SpecialistId, string? Name, string AssignmentId, string Status)
{
    /// <summary>An open offer or a review not yet given: what ops may withdraw.</summary>
    public bool Withdrawable => Status is "offered" or "accepted";
}

public sealed record CandidateView(int Rank, string SpecialistId, string? Name, double Score, IReadOnlyList<string> Reasons,
    string? AssignmentId, string? OfferStatus, string? Skipped);

public sealed record OfferView(string AssignmentId, string SpecialistId, string? Name, string Status, DateTimeOffset OfferedAt, DateTimeOffset AcceptBy,
    DateTimeOffset? AnsweredAt, DateTimeOffset? OpinionDueAt, DateTimeOffset? ClosedAt);

public sealed record ExcludedView(string SpecialistId, string? Name, string Reason, string? Code = null);

public sealed record SeatDecisionInfo(string Occasion, DateTimeOffset DecidedAt, string Subspecialty, CandidateRefView? Pick, IReadOnlyList<CandidateRefView> Backups,
    IReadOnlyList<string> RankedBelowBackups, int ExcludedCount, IReadOnlyList<ExclusionGroupView> ExcludedByReason, int Weighed, int OutsideSubspecialty);

public sealed record CandidateRefView(int Rank, string SpecialistId, string? Name, double Score, IReadOnlyList<string> Reasons);

public sealed record ExclusionGroupView(string Reason, int Count, IReadOnlyList<ExcludedView> Specialists);

/// <summary>What an action on a case did (<c>OpsActionResult</c>).</summary>
public sealed record OpsActionDone(string CaseId, string Action, string By, DateTimeOffset At, IReadOnlyList<string> WithdrawnAssignments);

/// <summary>A row of <c>GET /api/ops/notifications?caseId=</c> (subject and body are not shown: the list is about delivery).</summary>
public sealed record OpsNotificationView(string Id, string CaseId, string Kind, NotificationRecipientView Recipient, string Channel, string Status,
    DateTimeOffset CreatedAt, IReadOnlyList<DeliveryAttemptView>? Attempts, string? LastError, DateTimeOffset? DeliveredAt);

public sealed record NotificationRecipientView(string Audience, string? Id);

public sealed record DeliveryAttemptView(int Number, DateTimeOffset At, bool Delivered, string? Error);

/// <summary>One entry of the subspecialty taxonomy (<c>GET /api/subspecialties</c>).</summary>
public sealed record SubspecialtyView(string Id, string Name, IReadOnlyList<string> Categories);

/// <summary>A page of <c>GET /api/ops/specialists</c>.</summary>
public sealed record SpecialistPageView(IReadOnlyList<SpecialistView> Items, int Total, int PageSize, string? ContinuationToken, string? Next);

/// <summary>A directory entry as <c>GET /api/ops/specialists/{id}</c> answers it.</summary>
public sealed record SpecialistView
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Email { get; init; }
    public IReadOnlyList<string> Subspecialties { get; init; } = [];
    public IReadOnlyList<string> LicensedJurisdictions { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public IReadOnlyList<string> Affiliations { get; init; } = [];
    public int MaxActiveCases { get; init; } = 5;
    public IReadOnlyList<string> BoardCertifications { get; init; } = [];
    public bool Available { get; init; } = true;
    public IReadOnlyList<TimeOffView> TimeOff { get; init; } = [];
    public DateTimeOffset? UnavailableUntil { get; init; }
    public int YearsExperience { get; init; }
    public double MedianTurnaroundHours { get; init; } = 48;
    public string? TimeZone { get; init; }
}

public sealed record TimeOffView(DateTimeOffset From, DateTimeOffset Until);

/// <summary>A hospital of the registry (<c>GET /api/ops/hospitals</c>).</summary>
public sealed record HospitalView(string Id, string Name, IReadOnlyList<string> Jurisdictions, HospitalContactView? Contact, bool Active = true);

public sealed record HospitalContactView(string Name, string Email, string? Phone);
