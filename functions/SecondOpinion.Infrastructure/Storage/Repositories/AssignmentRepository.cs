using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Assignments partitioned by case (what the workflow reads), mirrored by the same call into a
/// specialist-keyed container: "{specialistId}:active" holds their open offers and reviews (their
/// inbox and their load: as small as their current work), "{specialistId}:closed" the rest (past
/// opinions, newest first). An assignment that closes moves from the one to the other.
/// </summary>
public sealed class AssignmentRepository(IDocumentStore store) : IAssignmentRepository
{
    private sealed record SpecialistRow(Assignment Assignment, string Status, string SortKey);

    private static string ActivePartition(string specialistId) => $"{specialistId}:active";

    private static string ClosedPartition(string specialistId) => $"{specialistId}:closed";

    private static bool IsActive(AssignmentStatus status) => status is AssignmentStatus.Offered or AssignmentStatus.Accepted;

    public async Task<Assignment?> FindAsync(string caseId, string assignmentId, CancellationToken ct = default) =>
        (await store.ReadAsync<Assignment>(Containers.Assignments, caseId, assignmentId, ct))?.Value;

    public Task<IReadOnlyList<Assignment>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<Assignment>(Containers.Assignments, caseId, ct);

    public async Task<Page<Assignment>> ForSpecialistAsync(string specialistId, IReadOnlyCollection<AssignmentStatus> statuses, PageRequest page,
        bool newestFirst = false, CancellationToken ct = default)
    {
        var active = statuses.Where(IsActive).ToList();
        var closed = statuses.Where(s => !IsActive(s)).ToList();
        if (active.Count > 0 && closed.Count > 0)
            throw new ArgumentException("List open or closed assignments, not both at once.", nameof(statuses));
        var query = new PartitionQuery(Containers.SpecialistAssignments, active.Count > 0 ? ActivePartition(specialistId) : ClosedPartition(specialistId), page)
        {
            Filters = [new FieldFilter("status", statuses.Select(s => (object)EnumNames.Of(s)).ToList())],
            Descending = newestFirst,
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
        await MirrorAsync(created ? assignment : (await FindAsync(assignment.CaseId, assignment.Id, ct))!, ct);
        return created;
    }

    public async Task<Assignment> UpdateAsync(string caseId, string assignmentId, Func<Assignment, Assignment> change, CancellationToken ct = default)
    {
        var updated = await store.UpdateAsync(Containers.Assignments, caseId, assignmentId, change, ct);
        await MirrorAsync(updated, ct);
        return updated;
    }

    private async Task MirrorAsync(Assignment a, CancellationToken ct)
    {
        var row = new SpecialistRow(a, EnumNames.Of(a.Status), DocumentStoreExtensions.SortKey(a.OfferedAt, a.Id));
        if (IsActive(a.Status))
        {
            await store.UpsertAsync(Containers.SpecialistAssignments, ActivePartition(a.SpecialistId), a.Id, row, ct: ct);
            return;
        }
        // Closed: written to the closed partition first, then off the active one (a crash between is repeated by the next write).
        await store.UpsertAsync(Containers.SpecialistAssignments, ClosedPartition(a.SpecialistId), a.Id, row, ct: ct);
        await store.DeleteAsync(Containers.SpecialistAssignments, ActivePartition(a.SpecialistId), a.Id, ct);
    }
}
