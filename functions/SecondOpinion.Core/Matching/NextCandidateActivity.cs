using Microsoft.DurableTask;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Matching;

/// <summary>
/// The seat's next candidate, read from the stored plan rather than the list the seat started with:
/// operations may have put a named specialist first, and matching again may have added new ones.
/// </summary>
public sealed class NextCandidateActivity(ICaseRepository cases) : CaseActivity<SeatProgress, string?>
{
    protected override string CaseIdOf(SeatProgress input) => input.CaseId;

    protected override async Task<string?> ExecuteAsync(TaskActivityContext context, SeatProgress input)
    {
        var seat = (await cases.GetAsync(input.CaseId)).Panel?.Seats.FirstOrDefault(s => s.SeatId == input.SeatId);
        return seat?.Candidates.Select(c => c.SpecialistId).FirstOrDefault(id => !input.Tried.Contains(id, StringComparer.Ordinal));
    }
}
