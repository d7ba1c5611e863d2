using SecondOpinion.Core.Common;
using SecondOpinion.Core.Hospitals;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

public sealed class HospitalRepository(IDocumentStore store) : IHospitalRepository
{
    private readonly WholePartition<Hospital> registry = new(store, Containers.Hospitals, Containers.RegistryPartition);

    public Task<Hospital?> FindAsync(string hospitalId, CancellationToken ct = default) => registry.FindAsync(hospitalId, ct);

    public Task<IReadOnlyList<Hospital>> ListAsync(CancellationToken ct = default) => registry.ListAsync(ct);

    public Task UpsertAsync(Hospital hospital, CancellationToken ct = default) => registry.UpsertAsync(hospital.Id, hospital, ct);
}

/// <summary>
/// Batches partitioned by batch id; the ones not finished with are also listed in an "open" partition
/// for the sweep. A batch is listed before its record is written and leaves the list only once it is
/// finished and its inbox files are gone, so a crash at any point leaves it where the sweep finds it.
/// </summary>
public sealed class BatchRepository(IDocumentStore store, TimeProvider clock) : IBatchRepository
{
    /// <summary>A listed batch whose record never came (a crash between the two writes) is dropped after this.</summary>
    private static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(10);

    private sealed record OpenRow(string HospitalFolder, string BatchId, string SortKey, DateTimeOffset? ListedAt = null);

    public Task<StoredDocument<HospitalBatch>?> FindAsync(string hospitalFolder, string batchId, CancellationToken ct = default) =>
        store.ReadAsync<HospitalBatch>(Containers.Batches, batchId, HospitalBatch.RecordId(hospitalFolder, batchId), ct);

    public Task<IReadOnlyList<HospitalBatch>> ForBatchIdAsync(string batchId, CancellationToken ct = default) =>
        store.ListAsync<HospitalBatch>(Containers.Batches, batchId, ct);

    public async Task<bool> TryCreateAsync(HospitalBatch batch, CancellationToken ct = default)
    {
        // Listed as open first: a crash after it leaves an open row the sweep finds and finishes.
        if (await store.ReadAsync<HospitalBatch>(Containers.Batches, batch.BatchId, batch.Id, ct) is not null) return false;
        var now = clock.GetUtcNow();
        await store.UpsertAsync(Containers.OpenBatches, Containers.OpenPartition, batch.Id,
            new OpenRow(batch.HospitalId, batch.BatchId, DocumentStoreExtensions.SortKey(batch.Grant?.GrantedAt ?? batch.FirstSeenAt ?? now, batch.Id), now), ct: ct);
        return await store.TryCreateAsync(Containers.Batches, batch.BatchId, batch.Id, batch, ct);
    }

    public Task<string> ReplaceAsync(HospitalBatch batch, string etag, CancellationToken ct = default) =>
        store.UpsertAsync(Containers.Batches, batch.BatchId, batch.Id, batch, etag, ct);

    public async Task<Page<HospitalBatch>> OpenAsync(PageRequest page, CancellationToken ct = default)
    {
        var rows = await store.QueryAsync<OpenRow>(new PartitionQuery(Containers.OpenBatches, Containers.OpenPartition, page), ct);
        var batches = new List<HospitalBatch>();
        foreach (var row in rows.Items)
        {
            if (await FindAsync(row.HospitalFolder, row.BatchId, ct) is { } stored) batches.Add(stored.Value);
            else if (row.ListedAt is { } listed && clock.GetUtcNow() - listed > OrphanAfter)
                await store.DeleteAsync(Containers.OpenBatches, Containers.OpenPartition, HospitalBatch.RecordId(row.HospitalFolder, row.BatchId), ct);
        }
        return new Page<HospitalBatch>(batches, rows.ContinuationToken);
    }

    public Task CloseAsync(HospitalBatch batch, CancellationToken ct = default) =>
        store.DeleteAsync(Containers.OpenBatches, Containers.OpenPartition, batch.Id, ct);
}
