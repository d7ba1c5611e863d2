using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Review;

/// <summary>Assignments by case (the workflow), by specialist and status (their inbox), and active load per specialist (matching).</summary>
public interface IAssignmentRepository
{
    Task<Assignment?> FindAsync(string caseId, string assignmentId, CancellationToken ct = default);

    Task<IReadOnlyList<Assignment>> ForCaseAsync(string caseId, CancellationToken ct = default);

    /// <summary>One specialist's assignments in the given statuses, oldest offer first (or newest first).</summary>
    Task<Page<Assignment>> ForSpecialistAsync(string specialistId, IReadOnlyCollection<AssignmentStatus> statuses, PageRequest page, bool newestFirst = false, CancellationToken ct = default);

    /// <summary>Offers and accepted reviews the specialist has open now.</summary>
    Task<int> ActiveLoadAsync(string specialistId, CancellationToken ct = default);

    Task<bool> TryCreateAsync(Assignment assignment, CancellationToken ct = default);

    Task<Assignment> UpdateAsync(string caseId, string assignmentId, Func<Assignment, Assignment> change, CancellationToken ct = default);
}
