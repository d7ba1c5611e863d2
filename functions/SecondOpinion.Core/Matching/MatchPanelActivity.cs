using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Matching;

/// <summary>Plans the panel from the directory and current loads; stores the plan and its reasons on the case.</summary>
public sealed class MatchPanelActivity(ICaseRepository cases, SpecialistDirectory directory, EscalationService escalations, TimeProvider clock)
    : CaseActivity<string, IReadOnlyList<SeatRef>>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<IReadOnlyList<SeatRef>> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var caseFile = await cases.GetAsync(caseId);
        // A retried activity reuses the stored plan, so the offers already made stay valid.
        var plan = caseFile.Panel;
        if (plan is null)
        {
            var subspecialties = caseFile.Triage?.Subspecialties ?? [];
            var specialists = await directory.ListAsync();
            // Only the people who could sit on this panel are asked for their load.
            var loads = await directory.ActiveLoadsAsync(specialists.Where(s => s.Subspecialties.Any(subspecialties.Contains)));
            var matchContext = new MatchContext(caseFile.Patient.Jurisdiction, caseFile.Patient.PreferredLanguage, caseFile.HospitalId, clock.GetUtcNow(), new HashSet<string>());
            plan = SpecialistMatcher.PlanPanel(subspecialties, specialists, loads, matchContext);
            var chosen = plan;
            await cases.UpdateAsync(caseId, c => (c with { Panel = chosen }).WithEvent(
                $"Panel: {string.Join(", ", chosen.Seats.Select(s => $"{s.SeatId} {s.Subspecialty} → {s.Candidates[0].SpecialistId}"))}"
                + (chosen.UnfilledSubspecialties.Count > 0 ? $"; no eligible reviewer for {string.Join(", ", chosen.UnfilledSubspecialties)}" : ""), clock.GetUtcNow()));
        }
        foreach (var missing in plan.UnfilledSubspecialties)
        {
            await escalations.RaiseAsync($"{caseId}-nomatch-{missing}", caseId, EscalationReasons.NoEligibleSpecialist,
                $"No eligible reviewer for {missing}: add or free a specialist and reassign.");
        }
        return plan.Seats.Select(s => new SeatRef(s.SeatId, s.Candidates.Select(c => c.SpecialistId).ToList())).ToList();
    }
}
