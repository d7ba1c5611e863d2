using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Matching;

/// <summary>The specialist directory and the live review load of each specialist.</summary>
public sealed class SpecialistDirectory(IDocumentStore store)
{
    public Task<IReadOnlyList<Specialist>> ListAsync(CancellationToken ct = default) => store.ListAsync<Specialist>(Containers.Specialists, null, ct);

    public async Task<Specialist?> FindAsync(string id, CancellationToken ct = default) =>
        (await store.ReadAsync<Specialist>(Containers.Specialists, id, id, ct))?.Value;

    public Task UpsertAsync(Specialist specialist, CancellationToken ct = default) =>
        store.UpsertAsync(Containers.Specialists, specialist.Id, specialist.Id, specialist, null, ct);

    public async Task<IReadOnlyDictionary<string, int>> ActiveLoadsAsync(CancellationToken ct = default)
    {
        var assignments = await store.ListAsync<Assignment>(Containers.Assignments, null, ct);
        return assignments.Where(a => a.IsActive).GroupBy(a => a.SpecialistId).ToDictionary(g => g.Key, g => g.Count());
    }
}
