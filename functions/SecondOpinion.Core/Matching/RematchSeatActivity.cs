using Microsoft.DurableTask;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Matching;

/// <summary>
/// A seat whose ranked candidates all fell through is matched again against the directory as it is
/// now (someone back from leave, a new specialist, freed capacity) before it is escalated as unfilled:
/// the same constraints, nobody who already had an offer on this case. The new candidates are added
/// to the seat's plan, with the specialists left out and why.
/// </summary>
public sealed class RematchSeatActivity(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, TimeProvider clock)
    : CaseActivity<SeatRef, IReadOnlyList<string>>
{
    protected override string CaseIdOf(SeatRef input) => CaseIdFromSeat(input);

    private static string CaseIdFromSeat(SeatRef input) => input.CaseId ?? throw new ArgumentException("The seat names no case.", nameof(input));

    protected override async Task<IReadOnlyList<string>> ExecuteAsync(TaskActivityContext context, SeatRef input)
    {
        var caseId = CaseIdFromSeat(input);
        var caseFile = await cases.GetAsync(caseId);
        var seat = caseFile.Panel!.Seats.Single(s => s.SeatId == input.SeatId);
        var offered = await assignments.ForCaseAsync(caseId);
        var excluded = new HashSet<string>(offered.Select(a => a.SpecialistId).Concat(seat.Candidates.Select(c => c.SpecialistId)), StringComparer.Ordinal);
        foreach (var other in caseFile.Panel.Seats) excluded.Add(other.Candidates[0].SpecialistId);
        var specialists = await directory.ListAsync();
        var loads = await directory.ActiveLoadsAsync(specialists.Where(s => s.Subspecialties.Contains(seat.Subspecialty, StringComparer.OrdinalIgnoreCase)));
        var now = clock.GetUtcNow();
        var (fresh, decision) = SpecialistMatcher.Decide(MatchOccasion.Rematch, seat.Subspecialty, specialists, loads,
            new MatchContext(caseFile.Patient.Jurisdiction, caseFile.Patient.PreferredLanguage, caseFile.HospitalId, now, excluded), SpecialistMatcher.BackupsPerSeat);
        await cases.UpdateAsync(caseId, c => (c with
        {
            Panel = c.Panel! with
            {
                Seats = c.Panel.Seats.Select(s => s.SeatId == input.SeatId
                    ? s with
                    {
                        Candidates = [.. s.Candidates, .. fresh.Where(f => s.Candidates.All(x => x.SpecialistId != f.SpecialistId))],
                        Excluded = decision.Excluded,
                        Decisions = [.. s.Decisions, decision],
                    }
                    : s).ToList(),
            },
        }).WithEvent(fresh.Count == 0
            ? $"{input.SeatId}: matched again, nobody else is eligible now."
            : $"{input.SeatId}: matched again, {fresh.Count} new candidate(s): {string.Join(", ", fresh.Select(f => f.SpecialistId))}.", now));
        return fresh.Select(f => f.SpecialistId).ToList();
    }
}
