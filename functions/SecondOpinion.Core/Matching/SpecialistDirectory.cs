using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Matching;

/// <summary>The specialist directory and the live review load of each specialist.</summary>
public sealed class SpecialistDirectory(ISpecialistRepository specialists, IAssignmentRepository assignments)
{
    public Task<IReadOnlyList<Specialist>> ListAsync(CancellationToken ct = default) => specialists.ListAsync(ct);

    public Task<Specialist?> FindAsync(string id, CancellationToken ct = default) => specialists.FindAsync(id, ct);

    public Task UpsertAsync(Specialist specialist, CancellationToken ct = default) => specialists.UpsertAsync(specialist, ct);

    /// <summary>Open offers and reviews of each of these specialists: one small partition read each.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ActiveLoadsAsync(IEnumerable<Specialist> of, CancellationToken ct = default)
    {
        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var specialist in of) loads[specialist.Id] = await assignments.ActiveLoadAsync(specialist.Id, ct);
        return loads;
    }
}
