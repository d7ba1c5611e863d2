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

/// <summary>Escalations to ops/medical director. Stored, and announced as an integration event.</summary>
public sealed class EscalationService(IDocumentStore store, IEventPublisher events, TimeProvider clock)
{
    /// <param name="id">Deterministic id, so a retried activity raises the escalation once.</param>
    public async Task<Escalation> RaiseAsync(string id, string caseId, string reason, string detail, CancellationToken ct = default)
    {
        var escalation = new Escalation(id, caseId, reason, detail, clock.GetUtcNow());
        if (!await store.TryCreateAsync(Containers.Escalations, caseId, id, escalation, ct))
            escalation = (await store.ReadAsync<Escalation>(Containers.Escalations, caseId, id, ct))!.Value;
        // Published on every attempt with a fixed id (see OfferAssignmentActivity).
        await events.PublishAsync(new IntegrationEvent("escalation.raised", caseId, escalation.RaisedAt,
            new Dictionary<string, string> { ["escalationId"] = id, ["reason"] = reason }) { Id = $"escalation.raised:{id}" }, ct);
        return escalation;
    }

    public async Task<IReadOnlyList<Escalation>> ListAsync(bool includeResolved, CancellationToken ct = default)
    {
        var all = await store.ListAsync<Escalation>(Containers.Escalations, null, ct);
        return all.Where(e => includeResolved || !e.Resolved).OrderBy(e => e.RaisedAt).ToList();
    }

    public async Task<Escalation?> ResolveAsync(string escalationId, Caller by, string resolution, CancellationToken ct = default)
    {
        var match = (await store.ListAsync<Escalation>(Containers.Escalations, null, ct)).FirstOrDefault(e => e.Id == escalationId);
        if (match is null) return null;
        return await store.UpdateAsync<Escalation>(Containers.Escalations, match.CaseId, escalationId,
            e => e.Resolved ? e : e with { Resolved = true, ResolvedBy = by.Subject, Resolution = resolution, ResolvedAt = clock.GetUtcNow() }, ct);
    }
}
