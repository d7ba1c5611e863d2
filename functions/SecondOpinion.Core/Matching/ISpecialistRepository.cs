namespace SecondOpinion.Core.Matching;

/// <summary>The specialist directory (hundreds of people, not history: read whole).</summary>
public interface ISpecialistRepository
{
    Task<Specialist?> FindAsync(string specialistId, CancellationToken ct = default);
    Task<IReadOnlyList<Specialist>> ListAsync(CancellationToken ct = default);
    Task UpsertAsync(Specialist specialist, CancellationToken ct = default);
}
