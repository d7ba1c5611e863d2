using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Matching;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>The directory is small: one partition, read whole.</summary>
public sealed class SpecialistRepository(IDocumentStore store) : ISpecialistRepository
{
    public async Task<Specialist?> FindAsync(string specialistId, CancellationToken ct = default) =>
        (await store.ReadAsync<Specialist>(Containers.Specialists, Containers.DirectoryPartition, specialistId, ct))?.Value;

    public Task<IReadOnlyList<Specialist>> ListAsync(CancellationToken ct = default) =>
        store.ListAsync<Specialist>(Containers.Specialists, Containers.DirectoryPartition, ct);

    public Task UpsertAsync(Specialist specialist, CancellationToken ct = default) =>
        store.UpsertAsync(Containers.Specialists, Containers.DirectoryPartition, specialist.Id, specialist, ct: ct);
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
