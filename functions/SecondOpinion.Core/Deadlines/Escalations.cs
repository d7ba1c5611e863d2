using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Deadlines;

public static class EscalationReasons
{
    public const string IntakeOverdue = "intake-overdue";
    public const string IntakeExpired = "intake-expired";
    public const string OfferUnanswered = "offer-unanswered";
    public const string OpinionOverdue = "opinion-overdue";
    public const string SeatUnfilled = "seat-unfilled";
    public const string NoEligibleSpecialist = "no-eligible-specialist";
    public const string QuarantinedBatch = "quarantined-batch";
    public const string Discordance = "discordant-opinions";
    public const string SlaAtRisk = "sla-at-risk";
    public const string SlaBreached = "sla-breached";
    public const string NoOpinions = "no-opinions";
    public const string WorkflowFailed = "workflow-failed";
    public const string SignOffOverdue = "signoff-overdue";
    /// <summary>Reviewers disagree and no tie-breaking reviewer could decide.</summary>
    public const string DirectorDecides = "director-decides";
    public const string FollowUpOverdue = "followup-overdue";
    /// <summary>Triage recommends a faster tier than the case's; the medical director may raise it.</summary>
    public const string TierRaiseRecommended = "tier-raise-recommended";
    public const string FollowUpUnanswered = "followup-unanswered";
    /// <summary>The form names one category and the records' asserted facts clearly point at another; the detail names both and the evidence kinds and codes.</summary>
    public const string CategoryMismatch = "category-mismatch";
}

public sealed record Escalation(
    string Id,
    string CaseId,
    string Reason,
    string Detail,
    DateTimeOffset RaisedAt,
    bool Resolved = false,
    string? ResolvedBy = null,
    string? Resolution = null,
    DateTimeOffset? ResolvedAt = null);

/// <summary>
/// Escalation ids start with the case (or hospital batch) they are about and a dash, so each one is
/// found by id alone: "{caseId}-sla-breached", "{assignmentId}-overdue", "{batchId}-quarantined".
/// </summary>
public static class EscalationIds
{
    /// <summary>The case or batch id the escalation id starts with, or "" when it names none.</summary>
    public static string PartitionOf(string escalationId)
    {
        var dash = escalationId.IndexOf('-');
        return dash > 0 && escalationId.Length <= 128 ? escalationId[..dash] : "";
    }
}

/// <summary>Escalations to ops/medical director. Stored, and announced as an integration event.</summary>
public sealed class EscalationService(IEscalationRepository repository, IEventPublisher events, TimeProvider clock)
{
    /// <param name="id">Deterministic id, so a retried activity raises the escalation once.</param>
    public async Task<Escalation> RaiseAsync(string id, string caseId, string reason, string detail, CancellationToken ct = default)
    {
        if (EscalationIds.PartitionOf(id) != caseId)
            throw new ArgumentException($"Escalation id '{id}' must start with '{caseId}-'.", nameof(id));
        var (escalation, created) = await repository.TryCreateAsync(new Escalation(id, caseId, reason, detail, clock.GetUtcNow()), ct);
        if (created)
        {
            Telemetry.EscalationsRaised.Add(1, new KeyValuePair<string, object?>("reason", reason));
            if (reason == EscalationReasons.SlaAtRisk) Telemetry.SlaAtRisk.Add(1);
            if (reason == EscalationReasons.SlaBreached) Telemetry.SlaBreached.Add(1);
        }
        // Published on every attempt with a fixed id: a retry after a failed publish still notifies,
        // and consumers (Service Bus duplicate detection) drop the repeats.
        await events.PublishAsync(new IntegrationEvent(EventIds.For(caseId, $"escalation:{id}"), EventTypes.EscalationRaised, caseId, escalation.RaisedAt,
            new Dictionary<string, string> { ["escalationId"] = id, ["reason"] = reason }), ct);
        return escalation;
    }

    /// <summary>The open escalations, oldest first: the ops queue.</summary>
    public Task<Page<Escalation>> OpenAsync(PageRequest page, CancellationToken ct = default) => repository.OpenByAgeAsync(page, ct);

    /// <summary>Every escalation of one case, open and resolved, oldest first.</summary>
    public async Task<IReadOnlyList<Escalation>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        (await repository.ForCaseAsync(caseId, ct)).OrderBy(e => e.RaisedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();

    public Task<Escalation?> ResolveAsync(string escalationId, Caller by, string resolution, CancellationToken ct = default) =>
        repository.ResolveAsync(escalationId, e => e.Resolved ? e : e with { Resolved = true, ResolvedBy = by.Subject, Resolution = resolution, ResolvedAt = clock.GetUtcNow() }, ct);
}
