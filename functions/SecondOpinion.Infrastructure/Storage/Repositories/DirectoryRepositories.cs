using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Matching;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// A small set kept whole in one partition (the directory, the registry: hundreds of rows, not history),
/// so a listing is one partition read.
/// </summary>
internal sealed class WholePartition<T>(IDocumentStore store, string container, string partition)
{
    public async Task<T?> FindAsync(string id, CancellationToken ct) => (await store.ReadAsync<T>(container, partition, id, ct)) is { } found ? found.Value : default;

    public Task<IReadOnlyList<T>> ListAsync(CancellationToken ct) => store.ListAsync<T>(container, partition, ct);

    public Task UpsertAsync(string id, T value, CancellationToken ct) => store.UpsertAsync(container, partition, id, value, ct: ct);
}

public sealed class SpecialistRepository(IDocumentStore store) : ISpecialistRepository
{
    private readonly WholePartition<Specialist> directory = new(store, Containers.Specialists, Containers.DirectoryPartition);

    public Task<Specialist?> FindAsync(string specialistId, CancellationToken ct = default) => directory.FindAsync(specialistId, ct);

    public Task<IReadOnlyList<Specialist>> ListAsync(CancellationToken ct = default) => directory.ListAsync(ct);

    public Task UpsertAsync(Specialist specialist, CancellationToken ct = default) => directory.UpsertAsync(specialist.Id, specialist, ct);
}

/// <summary>Audit entries partitioned by chain; the head of each chain beside them.</summary>
public sealed class AuditRepository(IDocumentStore store) : IAuditRepository
{
    public Task<StoredDocument<AuditChainHead>?> HeadAsync(string chain, CancellationToken ct = default) =>
        store.ReadAsync<AuditChainHead>(Containers.AuditHeads, chain, chain, ct);

    public Task<bool> TryAppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        store.TryCreateAsync(Containers.Audit, entry.Chain, entry.Id, entry, ct);

    public async Task<AuditEntry?> EntryAsync(string chain, string entryId, CancellationToken ct = default) =>
        (await store.ReadAsync<AuditEntry>(Containers.Audit, chain, entryId, ct))?.Value;

    public async Task AdvanceHeadAsync(AuditChainHead head, string? etag, CancellationToken ct = default)
    {
        try
        {
            if (etag is null) await store.TryCreateAsync(Containers.AuditHeads, head.Chain, head.Chain, head, ct);
            else await store.UpsertAsync(Containers.AuditHeads, head.Chain, head.Chain, head, etag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another writer moved the head on already.
        }
    }

    public Task<IReadOnlyList<AuditEntry>> EntriesAsync(string chain, CancellationToken ct = default) =>
        store.ListAsync<AuditEntry>(Containers.Audit, chain, ct);
}
