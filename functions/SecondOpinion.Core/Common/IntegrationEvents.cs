namespace SecondOpinion.Core.Common;

/// <summary>
/// An event for other systems (a CloudEvent on the wire: <c>subject</c> is the case id). Carries ids,
/// stages and kinds only, never patient data. The id is derived from the workflow step that publishes
/// it (<see cref="EventIds"/>), so a retried step publishes the same event, not a second one.
/// </summary>
public sealed record IntegrationEvent
{
    public IntegrationEvent(string id, string type, string caseId, DateTimeOffset occurredAt, IReadOnlyDictionary<string, string>? data = null)
    {
        if (!EventTypes.IsKnown(type)) throw new ArgumentException($"'{type}' is not in the event catalogue (EventTypes).", nameof(type));
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        (Id, Type, CaseId, OccurredAt, Data) = (id, type, caseId, occurredAt, data ?? new Dictionary<string, string>());
    }

    public string Id { get; }
    public string Type { get; }
    public string CaseId { get; }
    public DateTimeOffset OccurredAt { get; }
    public IReadOnlyDictionary<string, string> Data { get; }
}

/// <summary>The one catalogue of event types (README, "Events", lists the same).</summary>
public static class EventTypes
{
    public const string CaseCreated = "secondopinion.case.created";
    public const string CaseStageChanged = "secondopinion.case.stage-changed";
    public const string AssignmentOffered = "secondopinion.assignment.offered";
    public const string ReminderSent = "secondopinion.reminder.sent";
    public const string EscalationRaised = "secondopinion.escalation.raised";
    public const string ReportReady = "secondopinion.case.report-ready";
    public const string CaseCancelled = "secondopinion.case.cancelled";

    /// <summary>Each type, what it means, and the data fields it carries.</summary>
    public static readonly IReadOnlyList<(string Type, string Meaning, string[] Data)> Catalogue =
    [
        (CaseCreated, "A case was opened (patient form or hospital batch).", ["source", "hospitalId"]),
        (CaseStageChanged, "The case moved to a workflow stage.", ["stage"]),
        (AssignmentOffered, "A panel seat was offered to a specialist.", ["assignmentId", "seatId", "specialistId"]),
        (ReminderSent, "Someone the case waits on was reminded.", ["kind", "assignmentId"]),
        (EscalationRaised, "A deadline or problem needs ops or the medical director.", ["escalationId", "reason"]),
        (ReportReady, "The report was written and can be read.", ["reportPath"]),
        (CaseCancelled, "Operations cancelled the case; its workflow was stopped and its open assignments withdrawn.", ["previousStage", "withdrawnAssignments"]),
    ];

    public static bool IsKnown(string type) => Catalogue.Any(c => c.Type == type);
}

/// <summary>
/// Event ids from what publishes them and the step: the same on every retry. A case's events are
/// named after its durable instance ("case-{caseId}:{step}"); a hospital batch's (its quarantine
/// escalation, raised by the drop processor) after the batch ("batch-{batchId}:{step}").
/// </summary>
public static class EventIds
{
    public static string For(string subject, string step) =>
        Hospitals.HospitalBatchService.IsWellFormedBatchId(subject) ? $"batch-{subject}:{step}" : $"case-{subject}:{step}";
}
