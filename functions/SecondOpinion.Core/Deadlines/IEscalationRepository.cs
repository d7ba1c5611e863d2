using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Deadlines;

/// <summary>Escalations by id, the open ones by age (the ops queue) and by case.</summary>
public interface IEscalationRepository
{
    /// <summary>Stores a new escalation as open; returns the stored one when the id was raised before.</summary>
    Task<(Escalation Escalation, bool Created)> TryCreateAsync(Escalation escalation, CancellationToken ct = default);

    Task<Escalation?> FindAsync(string escalationId, CancellationToken ct = default);

    Task<Page<Escalation>> OpenByAgeAsync(PageRequest page, CancellationToken ct = default);

    /// <summary>Every escalation of one case (or hospital batch), open and resolved.</summary>
    Task<IReadOnlyList<Escalation>> ForCaseAsync(string caseId, CancellationToken ct = default);

    /// <summary>Marks it resolved (once) and takes it out of the open queue.</summary>
    Task<Escalation?> ResolveAsync(string escalationId, Func<Escalation, Escalation> resolve, CancellationToken ct = default);
}
