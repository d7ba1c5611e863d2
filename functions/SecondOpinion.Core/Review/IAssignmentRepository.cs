using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Review;

/// <summary>Assignments by case (the workflow), by specialist and status (their inbox), and active load per specialist (matching).</summary>
public interface IAssignmentRepository
{
    Task<Assignment?> FindAsync(string caseId, string assignmentId, CancellationToken ct = default);

    Task<IReadOnlyList<Assignment>> ForCaseAsync(string caseId, CancellationToken ct = default);

    /// <summary>One specialist's open offers and reviews, oldest offer first.</summary>
    Task<Page<Assignment>> OpenForSpecialistAsync(string specialistId, PageRequest page, CancellationToken ct = default);

    /// <summary>One specialist's assignments closed in one calendar month (UTC) in the given statuses, newest offer first.</summary>
    Task<Page<Assignment>> ClosedForSpecialistAsync(string specialistId, int year, int month, IReadOnlyCollection<AssignmentStatus> statuses, PageRequest page, CancellationToken ct = default);

    /// <summary>Offers and accepted reviews the specialist has open now.</summary>
    Task<int> ActiveLoadAsync(string specialistId, CancellationToken ct = default);

    Task<bool> TryCreateAsync(Assignment assignment, CancellationToken ct = default);

    Task<Assignment> UpdateAsync(string caseId, string assignmentId, Func<Assignment, Assignment> change, CancellationToken ct = default);
}
