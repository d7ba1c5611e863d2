using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Cases partitioned by case id, plus the ops board: one small row per case in the "open" partition
/// while the case runs, moved to "closed-{yyyy-MM}" when it ends, ordered by due time; and each
/// case's row in its patient's and its referring hospital's own list, newest first.
/// </summary>
public sealed class CaseRepository(IDocumentStore store) : ICaseRepository
{
    private sealed record BoardRow(string CaseId, CaseSource Source, CaseStage Stage, ServiceTier Tier, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
        int Documents, DateTimeOffset? CompletedAt, string SortKey)
    {
        public CaseSummary Summary() => new(CaseId, Source, Stage, Tier, CreatedAt, DueAt, Late: false, Documents, CompletedAt);
    }

    private sealed record PatientCaseIndex(string Subject, IReadOnlyList<string> CaseIds);

    /// <summary>A case in one party's own list, by creation time.</summary>
    private sealed record PartyRow(CaseListItem Case, string SortKey);

    public async Task<CaseFile?> FindAsync(string caseId, CancellationToken ct = default) =>
        (await store.ReadAsync<CaseFile>(Containers.Cases, caseId, caseId, ct))?.Value;

    public async Task<bool> TryCreateAsync(CaseFile caseFile, CancellationToken ct = default)
    {
        var created = await store.TryCreateAsync(Containers.Cases, caseFile.Id, caseFile.Id, caseFile, ct);
        // Also on a repeat: a first attempt that stopped before its board row is finished here.
        var stored = (await store.ReadAsync<CaseFile>(Containers.Cases, caseFile.Id, caseFile.Id, ct))!;
        await MirrorAsync(stored, ct);
        return created;
    }

    public async Task<CaseFile> UpdateAsync(string caseId, Func<CaseFile, CaseFile> change, CancellationToken ct = default)
    {
        var updated = await store.UpdateWithETagAsync(Containers.Cases, caseId, caseId, change, ct);
        await MirrorAsync(updated, ct);
        return updated.Value;
    }

    private Task MirrorAsync(StoredDocument<CaseFile> written, CancellationToken ct) =>
        store.MirrorAsync(Containers.Cases, written.Value.Id, written.Value.Id, written, async c =>
        {
            await WriteBoardRowAsync(c, ct);
            await WritePartyRowsAsync(c, ct);
        }, ct);

    private async Task WritePartyRowsAsync(CaseFile c, CancellationToken ct)
    {
        var row = new PartyRow(CaseListItem.From(c), DocumentStoreExtensions.SortKey(c.CreatedAt, c.Id));
        foreach (var party in CaseParties.Of(c)) await store.UpsertAsync(Containers.CasesByParty, party, c.Id, row, ct: ct);
    }

    public async Task<Page<CaseListItem>> OfPartyAsync(string party, PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<PartyRow>(new PartitionQuery(Containers.CasesByParty, party, page) { Descending = true }, ct)).Select(r => r.Case);

    private static string ClosedPartition(DateTimeOffset at) => $"closed-{at.UtcDateTime:yyyy-MM}";

    private async Task WriteBoardRowAsync(CaseFile c, CancellationToken ct)
    {
        var row = new BoardRow(c.Id, c.Source, c.Stage, c.Tier, c.CreatedAt, c.DueAt, c.Documents.Count, c.CompletedAt,
            DocumentStoreExtensions.SortKey(c.DueAt, $"{c.CreatedAt.UtcDateTime:O}|{c.Id}"));
        if (!c.Stage.IsClosed())
        {
            await store.UpsertAsync(Containers.CaseBoard, Containers.OpenPartition, c.Id, row, ct: ct);
            return;
        }
        // Closed: written to its month first, then taken off the open board (a crash between leaves it on both, and the next update repeats both).
        // When it entered its final stage: later timeline entries do not move it to another month.
        var closedAt = c.CompletedAt ?? c.StageEnteredAt;
        await store.UpsertAsync(Containers.CaseBoard, ClosedPartition(closedAt), c.Id, row, ct: ct);
        await store.DeleteAsync(Containers.CaseBoard, Containers.OpenPartition, c.Id, ct);
    }

    public async Task<Page<CaseSummary>> OpenByDueTimeAsync(CaseStage? stage, PageRequest page, CancellationToken ct = default)
    {
        var query = new PartitionQuery(Containers.CaseBoard, Containers.OpenPartition, page)
        {
            Filters = stage is { } s ? [FieldFilter.Is("stage", EnumNames.Of(s))] : [],
        };
        return (await store.QueryAsync<BoardRow>(query, ct)).Select(r => r.Summary());
    }

    public async Task<Page<CaseSummary>> ClosedInMonthAsync(int year, int month, PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<BoardRow>(new PartitionQuery(Containers.CaseBoard, ClosedPartition(new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero)), page), ct))
        .Select(r => r.Summary());

    public async Task<IReadOnlyList<string>> CaseIdsOfPatientAsync(string subject, CancellationToken ct = default) =>
        (await store.ReadAsync<PatientCaseIndex>(Containers.PatientCases, subject, subject, ct))?.Value.CaseIds ?? [];

    public async Task AddToPatientAsync(string subject, string caseId, CancellationToken ct = default)
    {
        if (await store.TryCreateAsync(Containers.PatientCases, subject, subject, new PatientCaseIndex(subject, [caseId]), ct)) return;
        await store.UpdateAsync<PatientCaseIndex>(Containers.PatientCases, subject, subject,
            i => i.CaseIds.Contains(caseId) ? i : i with { CaseIds = [.. i.CaseIds, caseId] }, ct);
    }

    public async Task<IdempotencyClaim?> ClaimIdempotencyKeyAsync(string subject, IdempotencyClaim claim, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await store.TryCreateAsync(Containers.IdempotencyKeys, subject, claim.Key, claim, ct)) return null;
            // Taken, unless the earlier claim expired between the two calls: then claim it again.
            if (await store.ReadAsync<IdempotencyClaim>(Containers.IdempotencyKeys, subject, claim.Key, ct) is { } earlier) return earlier.Value;
            if (attempt >= 5) throw new ConcurrencyConflictException(Containers.IdempotencyKeys, claim.Key);
        }
    }
}
