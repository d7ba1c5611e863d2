using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Assignments partitioned by case (what the workflow reads), mirrored by the same call into a
/// specialist-keyed container: "{specialistId}:active" holds their open offers and reviews (their
/// inbox and their load: as small as their current work), "{specialistId}:closed-{yyyy-MM}" the ones
/// that closed in that month (past opinions, newest first: as large as a month's work). An
/// assignment that closes moves from the one to the other.
/// </summary>
public sealed class AssignmentRepository(IDocumentStore store) : IAssignmentRepository
{
    private sealed record SpecialistRow(Assignment Assignment, string Status, string SortKey);

    private static string ActivePartition(string specialistId) => $"{specialistId}:active";

    private static string ClosedPartition(string specialistId, DateTimeOffset closedAt) => $"{specialistId}:closed-{closedAt.UtcDateTime:yyyy-MM}";

    private static bool IsActive(AssignmentStatus status) => status is AssignmentStatus.Offered or AssignmentStatus.Accepted;

    public async Task<Assignment?> FindAsync(string caseId, string assignmentId, CancellationToken ct = default) =>
        (await store.ReadAsync<Assignment>(Containers.Assignments, caseId, assignmentId, ct))?.Value;

    public Task<IReadOnlyList<Assignment>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<Assignment>(Containers.Assignments, caseId, ct);

    public async Task<Page<Assignment>> OpenForSpecialistAsync(string specialistId, PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<SpecialistRow>(new PartitionQuery(Containers.SpecialistAssignments, ActivePartition(specialistId), page), ct)).Select(r => r.Assignment);

    public async Task<Page<Assignment>> ClosedForSpecialistAsync(string specialistId, int year, int month, IReadOnlyCollection<AssignmentStatus> statuses,
        PageRequest page, CancellationToken ct = default)
    {
        if (statuses.Count == 0 || statuses.Any(IsActive)) throw new ArgumentException("Name closed statuses only.", nameof(statuses));
        var query = new PartitionQuery(Containers.SpecialistAssignments, ClosedPartition(specialistId, new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero)), page)
        {
            Filters = [new FieldFilter("status", statuses.Select(s => (object)EnumNames.Of(s)).ToList())],
            Descending = true,
        };
        return (await store.QueryAsync<SpecialistRow>(query, ct)).Select(r => r.Assignment);
    }

    public async Task<int> ActiveLoadAsync(string specialistId, CancellationToken ct = default)
    {
        // The active partition holds open work only; a specialist's capacity is a handful of cases.
        var count = 0;
        var page = new PageRequest(PageRequest.MaxSize);
        while (true)
        {
            var rows = await store.QueryAsync<SpecialistRow>(new PartitionQuery(Containers.SpecialistAssignments, ActivePartition(specialistId), page), ct);
            count += rows.Items.Count;
            if (rows.ContinuationToken is null) return count;
            page = page with { ContinuationToken = rows.ContinuationToken };
        }
    }

    public async Task<bool> TryCreateAsync(Assignment assignment, CancellationToken ct = default)
    {
        var created = await store.TryCreateAsync(Containers.Assignments, assignment.CaseId, assignment.Id, assignment, ct);
        // Also on a repeat: a first attempt that stopped before its mirror is finished here.
        await MirrorAsync((await store.ReadAsync<Assignment>(Containers.Assignments, assignment.CaseId, assignment.Id, ct))!, ct);
        return created;
    }

    public async Task<Assignment> UpdateAsync(string caseId, string assignmentId, Func<Assignment, Assignment> change, CancellationToken ct = default)
    {
        var updated = await store.UpdateWithETagAsync(Containers.Assignments, caseId, assignmentId, change, ct);
        await MirrorAsync(updated, ct);
        return updated.Value;
    }

    private Task MirrorAsync(StoredDocument<Assignment> written, CancellationToken ct) =>
        store.MirrorAsync(Containers.Assignments, written.Value.CaseId, written.Value.Id, written, a => WriteRowAsync(a, ct), ct);

    private async Task WriteRowAsync(Assignment a, CancellationToken ct)
    {
        var row = new SpecialistRow(a, EnumNames.Of(a.Status), DocumentStoreExtensions.SortKey(a.OfferedAt, a.Id));
        if (IsActive(a.Status))
        {
            await store.UpsertAsync(Containers.SpecialistAssignments, ActivePartition(a.SpecialistId), a.Id, row, ct: ct);
            // Reopened for a revision: off the month it had closed in.
            if (a.PreviousClosedAt is { } closedBefore) await store.DeleteAsync(Containers.SpecialistAssignments, ClosedPartition(a.SpecialistId, closedBefore), a.Id, ct);
            return;
        }
        // Closed: written to the closed partition first, then off the active one (a crash between is repeated by the next write).
        await store.UpsertAsync(Containers.SpecialistAssignments, ClosedPartition(a.SpecialistId, a.ClosedAt ?? a.OfferedAt), a.Id, row, ct: ct);
        await store.DeleteAsync(Containers.SpecialistAssignments, ActivePartition(a.SpecialistId), a.Id, ct);
    }
}
