using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Triage;

/// <summary>Runs the triage rules over the form and the extracted text; keeps the evidence on the case.</summary>
public sealed class TriageCaseActivity(ICaseRepository cases, IFileStore files, Deadlines.EscalationService escalations, TimeProvider clock) : CaseActivity<string, TriageOutcome>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<TriageOutcome> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var caseFile = await cases.GetAsync(caseId);
        var texts = new Dictionary<string, string>();
        foreach (var document in caseFile.Documents)
        {
            var text = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(caseId, document.Id));
            if (!string.IsNullOrWhiteSpace(text)) texts[document.Id] = text;
        }
        var result = TriageRules.Assess(new TriageInput(caseFile.Category, caseFile.Question, caseFile.CurrentDiagnosis, caseFile.ProposedTreatment, texts));
        var now = clock.GetUtcNow();
        // The records may be more urgent than the tier asked for: a recommendation, with its evidence, for the director to accept.
        var recommended = Deadlines.ServiceTiers.For(result.Urgency);
        var evidence = result.Evidence.FirstOrDefault(e => e.Finding.StartsWith("urgency:", StringComparison.Ordinal));
        var recommendation = Deadlines.ServiceTiers.IsFaster(recommended, caseFile.Tier) && evidence is not null
            ? new TierRecommendation(recommended, evidence.Finding, evidence.Phrase, now)
            : null;
        await cases.UpdateAsync(caseId, c => (c with { Triage = result, TierRecommendation = c.TierRecommendation ?? recommendation })
            .WithEvent($"Triage: {string.Join(", ", result.Subspecialties)}; urgency {result.Urgency.ToString().ToLowerInvariant()}"
                + (recommendation is null ? "." : $"; recommends the {EnumNames.Of(recommended)} tier."), now));
        if (recommendation is not null)
            await escalations.RaiseAsync($"{caseId}-tier-raise", caseId, Deadlines.EscalationReasons.TierRaiseRecommended,
                $"Triage recommends the {EnumNames.Of(recommended)} tier ({recommendation.Finding}); the medical director may raise it (POST /api/director/cases/{caseId}/tier).");
        return new TriageOutcome(result.Subspecialties.Count, result.Urgency.ToString().ToLowerInvariant());
    }
}
