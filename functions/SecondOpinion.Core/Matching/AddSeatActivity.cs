using Microsoft.DurableTask;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Matching;

/// <summary>
/// Adds a seat to a sitting panel: the tie-breaker when reviewers disagree, or a reviewer the medical
/// director or ops asked for. Same constraints as the panel, against the directory as it is now, and
/// never someone who already had an offer on this case. Returns null when nobody is eligible.
/// </summary>
public sealed class AddSeatActivity(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, TimeProvider clock)
    : CaseActivity<SeatRequest, SeatRef?>
{
    protected override string CaseIdOf(SeatRequest input) => input.CaseId;

    protected override async Task<SeatRef?> ExecuteAsync(TaskActivityContext context, SeatRequest input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var panel = caseFile.Panel ?? new PanelPlan([], []);
        // A retry finds the seat it added.
        if (panel.Seats.FirstOrDefault(s => s.RequestId == input.RequestId) is { } added) return ToRef(added);

        var offered = await assignments.ForCaseAsync(input.CaseId);
        var excluded = new HashSet<string>(offered.Select(a => a.SpecialistId), StringComparer.Ordinal);
        foreach (var seat in panel.Seats) excluded.Add(seat.Candidates[0].SpecialistId);
        var subspecialties = SubspecialtiesFor(input, caseFile);
        var specialists = await directory.ListAsync();
        var loads = await directory.ActiveLoadsAsync(specialists.Where(s => s.Subspecialties.Any(subspecialties.Contains)));
        var now = clock.GetUtcNow();
        var matchContext = new MatchContext(caseFile.Patient.Jurisdiction, caseFile.Patient.PreferredLanguage, caseFile.HospitalId, now, excluded);
        var seatId = input.Purpose == SeatPurpose.TieBreaker
            ? SeatIds.TieBreaker(panel.Seats.Count(s => s.Purpose == SeatPurpose.TieBreaker) + 1)
            : SeatIds.Panel(panel.Seats.Count + 1);
        var planned = SpecialistMatcher.PlanExtraSeat(seatId, input.Purpose, subspecialties, specialists, loads, matchContext);
        // A specialist named by operations (checked by the service) is offered the seat first.
        if (input.SpecialistId is { } named && specialists.FirstOrDefault(s => s.Id == named) is { } person)
        {
            var first = new RankedCandidate(person.Id, 1, ["named by operations"]);
            if (planned is null)
            {
                var subspecialty = subspecialties.FirstOrDefault(person.Subspecialties.Contains) ?? person.Subspecialties[0];
                planned = new PanelSeat(seatId, subspecialty, [first])
                {
                    Purpose = input.Purpose,
                    Decisions = [new SeatDecision(MatchOccasion.AddedSeat, now, subspecialty, first, [], [], [], specialists.Count)],
                };
            }
            else
            {
                var backups = planned.Candidates.Where(c => c.SpecialistId != person.Id).ToList();
                var decision = planned.Decisions[0];
                planned = planned with
                {
                    Candidates = [first, .. backups],
                    Decisions = [decision with { Pick = first, Backups = backups, RankedBelowBackups = decision.RankedBelowBackups.Where(id => id != person.Id).ToList() }],
                };
            }
        }
        if (planned is null)
        {
            await cases.UpdateAsync(input.CaseId, c => (c with { TieBreakerSought = c.TieBreakerSought || input.Purpose == SeatPurpose.TieBreaker }).WithEvent(
                $"No eligible reviewer for a {Common.EnumNames.Of(input.Purpose)} seat in {string.Join(", ", subspecialties)}.", now));
            return null;
        }
        var seatToAdd = planned with { RequestId = input.RequestId };
        var updated = await cases.UpdateAsync(input.CaseId, c =>
        {
            var current = c.Panel ?? new PanelPlan([], []);
            if (current.Seats.Any(s => s.RequestId == input.RequestId)) return c;
            return (c with { Panel = current with { Seats = [.. current.Seats, seatToAdd] }, TieBreakerSought = c.TieBreakerSought || input.Purpose == SeatPurpose.TieBreaker })
                .WithEvent($"Seat {seatToAdd.SeatId} ({Common.EnumNames.Of(input.Purpose)}) {seatToAdd.Subspecialty} → {seatToAdd.Candidates[0].SpecialistId}.", now);
        });
        return ToRef(updated.Panel!.Seats.First(s => s.RequestId == input.RequestId));
    }

    private static SeatRef ToRef(PanelSeat seat) => new(seat.SeatId, seat.Candidates.Select(c => c.SpecialistId).ToList());

    /// <summary>
    /// The subspecialty asked for (by the request or the director's decision); else those of the panel
    /// in the order triage ranked them, so a tie-breaker comes from the case's leading field (not from
    /// the side of either camp), then any other the triage asked for.
    /// </summary>
    private static IReadOnlyList<string> SubspecialtiesFor(SeatRequest input, CaseFile caseFile)
    {
        if ((input.Subspecialty ?? caseFile.SignOffs.FirstOrDefault(d => d.Id == input.RequestId)?.Subspecialty) is { } asked) return [asked];
        var triage = caseFile.Triage?.Subspecialties ?? [];
        var seated = (caseFile.Panel?.Seats ?? []).Where(s => s.Purpose == SeatPurpose.Panel).Select(s => s.Subspecialty).ToList();
        return triage.Where(t => seated.Contains(t, StringComparer.OrdinalIgnoreCase))
            .Concat(seated)
            .Concat(triage)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
