using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Escalations partitioned by the case (or batch) their id starts with, so one escalation is a point
/// read and a case's escalations one partition; the open ones are also kept, by age, in an "open"
/// partition that shrinks as ops resolve them.
/// </summary>
public sealed class EscalationRepository(IDocumentStore store) : IEscalationRepository
{
    private sealed record OpenRow(Escalation Escalation, string SortKey);

    public async Task<(Escalation Escalation, bool Created)> TryCreateAsync(Escalation escalation, CancellationToken ct = default)
    {
        var partition = EscalationIds.PartitionOf(escalation.Id);
        var created = await store.TryCreateAsync(Containers.Escalations, partition, escalation.Id, escalation, ct);
        // Also on a repeat: a first attempt that stopped before the open row is finished here.
        var stored = (await store.ReadAsync<Escalation>(Containers.Escalations, partition, escalation.Id, ct))!;
        await MirrorAsync(stored, ct);
        return (stored.Value, created);
    }

    /// <summary>On the open queue while unresolved; a retried raise racing a resolve ends off it.</summary>
    private Task MirrorAsync(StoredDocument<Escalation> written, CancellationToken ct) =>
        store.MirrorAsync(Containers.Escalations, EscalationIds.PartitionOf(written.Value.Id), written.Value.Id, written, e => e.Resolved
            ? store.DeleteAsync(Containers.OpenEscalations, Containers.OpenPartition, e.Id, ct)
            : store.UpsertAsync(Containers.OpenEscalations, Containers.OpenPartition, e.Id, new OpenRow(e, SortKeyOf(e)), ct: ct), ct);

    private static string SortKeyOf(Escalation e) => DocumentStoreExtensions.SortKey(e.RaisedAt, e.Id);

    public async Task<Escalation?> FindAsync(string escalationId, CancellationToken ct = default) =>
        EscalationIds.PartitionOf(escalationId) is { Length: > 0 } partition
            ? (await store.ReadAsync<Escalation>(Containers.Escalations, partition, escalationId, ct))?.Value
            : null;

    public async Task<Page<Escalation>> OpenByAgeAsync(PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<OpenRow>(new PartitionQuery(Containers.OpenEscalations, Containers.OpenPartition, page), ct)).Select(r => r.Escalation);

    public Task<IReadOnlyList<Escalation>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<Escalation>(Containers.Escalations, caseId, ct);

    public async Task<Escalation?> ResolveAsync(string escalationId, Func<Escalation, Escalation> resolve, CancellationToken ct = default)
    {
        if (await FindAsync(escalationId, ct) is null) return null;
        var resolved = await store.UpdateWithETagAsync(Containers.Escalations, EscalationIds.PartitionOf(escalationId), escalationId, resolve, ct);
        await MirrorAsync(resolved, ct);
        return resolved.Value;
    }
}
