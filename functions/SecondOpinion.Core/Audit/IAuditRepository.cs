using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Audit;

/// <summary>Audit chains: entries by place in their chain, and each chain's head.</summary>
public interface IAuditRepository
{
    Task<StoredDocument<AuditChainHead>?> HeadAsync(string chain, CancellationToken ct = default);

    /// <summary>Appends at the entry's place; false when another writer took that place first.</summary>
    Task<bool> TryAppendAsync(AuditEntry entry, CancellationToken ct = default);

    Task<AuditEntry?> EntryAsync(string chain, string entryId, CancellationToken ct = default);

    /// <summary>Moves the head on; a head that moved meanwhile is left as it is.</summary>
    Task AdvanceHeadAsync(AuditChainHead head, string? etag, CancellationToken ct = default);

    Task<IReadOnlyList<AuditEntry>> EntriesAsync(string chain, CancellationToken ct = default);
}
