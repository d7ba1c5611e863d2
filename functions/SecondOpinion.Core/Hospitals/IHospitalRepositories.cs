using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Hospitals;

public interface IHospitalRepository
{
    Task<Hospital?> FindAsync(string hospitalId, CancellationToken ct = default);
    Task<IReadOnlyList<Hospital>> ListAsync(CancellationToken ct = default);
    Task UpsertAsync(Hospital hospital, CancellationToken ct = default);
}

/// <summary>Hospital batches: the grant, then the processing state; and the batches still open (the sweep's work list).</summary>
public interface IBatchRepository
{
    Task<StoredDocument<HospitalBatch>?> FindAsync(string hospitalFolder, string batchId, CancellationToken ct = default);

    /// <summary>Every record under one batch id (the granted one, and any folder that wrote outside its grant).</summary>
    Task<IReadOnlyList<HospitalBatch>> ForBatchIdAsync(string batchId, CancellationToken ct = default);

    /// <summary>Stores a new batch as open; false when that record exists.</summary>
    Task<bool> TryCreateAsync(HospitalBatch batch, CancellationToken ct = default);

    /// <summary>Conditional write of the batch's state.</summary>
    Task<string> ReplaceAsync(HospitalBatch batch, string etag, CancellationToken ct = default);

    /// <summary>
    /// The batches on the open list, oldest first: waiting ones, and finished ones whose inbox was not
    /// cleaned yet (a batch leaves the list only through <see cref="CloseAsync"/>).
    /// </summary>
    Task<Page<HospitalBatch>> OpenAsync(PageRequest page, CancellationToken ct = default);

    /// <summary>Takes a finished batch, its inbox cleaned, off the open list.</summary>
    Task CloseAsync(HospitalBatch batch, CancellationToken ct = default);
}
