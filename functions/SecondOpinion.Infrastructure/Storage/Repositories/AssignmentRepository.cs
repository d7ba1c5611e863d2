using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Assignments partitioned by case (what the workflow reads), mirrored into a specialist-keyed
/// container by the same call (what a specialist's inbox and matching read), with the status and a
/// sort key on top so the inbox and the active load are index lookups in one partition.
/// </summary>
public sealed class AssignmentRepository(IDocumentStore store) : IAssignmentRepository
{
    private static readonly object[] ActiveStatuses = [EnumNames.Of(AssignmentStatus.Offered), EnumNames.Of(AssignmentStatus.Accepted)];

    private sealed record SpecialistRow(Assignment Assignment, string Status, string SortKey);

    public async Task<Assignment?> FindAsync(string caseId, string assignmentId, CancellationToken ct = default) =>
        (await store.ReadAsync<Assignment>(Containers.Assignments, caseId, assignmentId, ct))?.Value;

    public Task<IReadOnlyList<Assignment>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<Assignment>(Containers.Assignments, caseId, ct);

    public async Task<Page<Assignment>> ForSpecialistAsync(string specialistId, IReadOnlyCollection<AssignmentStatus> statuses, PageRequest page,
        bool newestFirst = false, CancellationToken ct = default)
    {
        var query = new PartitionQuery(Containers.SpecialistAssignments, specialistId, page)
        {
            Filters = [new FieldFilter("status", statuses.Select(s => (object)EnumNames.Of(s)).ToList())],
            Descending = newestFirst,
        };
        return (await store.QueryAsync<SpecialistRow>(query, ct)).Select(r => r.Assignment);
    }

    public async Task<int> ActiveLoadAsync(string specialistId, CancellationToken ct = default)
    {
        var count = 0;
        var page = new PageRequest(PageRequest.MaxSize);
        do
        {
            var rows = await store.QueryAsync<SpecialistRow>(new PartitionQuery(Containers.SpecialistAssignments, specialistId, page)
            {
                Filters = [new FieldFilter("status", ActiveStatuses)],
            }, ct);
            count += rows.Items.Count;
            page = rows.ContinuationToken is { } next ? page with { ContinuationToken = next } : null!;
        }
        while (page is not null);
        return count;
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

    private Task MirrorAsync(Assignment a, CancellationToken ct) =>
        store.UpsertAsync(Containers.SpecialistAssignments, a.SpecialistId, a.Id,
            new SpecialistRow(a, EnumNames.Of(a.Status), DocumentStoreExtensions.SortKey(a.OfferedAt, a.Id)), ct: ct);
}
