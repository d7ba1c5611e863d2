using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Triage;

/// <summary>
/// Runs the triage rules over the form and the clinical facts stored for each record (<see cref="BlobLayout.DocumentFacts"/>);
/// keeps the result and its evidence on the case. A faster tier than the patient's becomes a recommendation for the
/// medical director, and a form category the records clearly contradict a <c>category-mismatch</c> escalation; both
/// name only categories, rules, fact kinds, codes, documents and pages, never a phrase from a record.
/// </summary>
public sealed class TriageCaseActivity(ICaseRepository cases, IFileStore files, Deadlines.EscalationService escalations, TimeProvider clock) : CaseActivity<string, TriageOutcome>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<TriageOutcome> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var caseFile = await cases.GetAsync(caseId);
        var facts = new List<ClinicalFact>();
        foreach (var document in caseFile.Documents)
        {
            var json = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(caseId, document.Id));
            if (string.IsNullOrWhiteSpace(json)) continue;
            // Facts stored before they carried a location belong to this document all the same.
            facts.AddRange(SecondOpinionJson.Deserialize<List<ClinicalFact>>(json)
                .Select(f => f.Location is null ? f with { Location = new FactLocation(document.Id, 1, 0, 0) } : f));
        }
        var result = TriageRules.Assess(new TriageInput(caseFile.Category, caseFile.Question, caseFile.CurrentDiagnosis, caseFile.ProposedTreatment, facts));
        var now = clock.GetUtcNow();
        // The records may be more urgent than the tier asked for: a recommendation, with its evidence, for the director to accept.
        var recommended = Deadlines.ServiceTiers.For(result.Urgency);
        var evidence = result.Evidence.FirstOrDefault(e => e.Finding.StartsWith("urgency:", StringComparison.Ordinal));
        var recommendation = Deadlines.ServiceTiers.IsFaster(recommended, caseFile.Tier) && evidence is not null
            ? new TierRecommendation(recommended, $"{evidence.Finding} {evidence.Rule}: {evidence.Describe()}", evidence.Phrase, now)
            : null;
        await cases.UpdateAsync(caseId, c => (c with { Triage = result, TierRecommendation = c.TierRecommendation ?? recommendation })
            .WithEvent($"Triage: {string.Join(", ", result.Subspecialties)}; urgency {result.Urgency.ToString().ToLowerInvariant()}"
                + (recommendation is null ? "" : $"; recommends the {EnumNames.Of(recommended)} tier")
                + (result.Mismatch is null ? "." : $"; the records point at {EnumNames.Of(result.Mismatch.Records)}, not {EnumNames.Of(result.Mismatch.Form)}."), now));
        if (recommendation is not null)
            await escalations.RaiseAsync($"{caseId}-tier-raise", caseId, Deadlines.EscalationReasons.TierRaiseRecommended,
                $"Triage recommends the {EnumNames.Of(recommended)} tier ({evidence!.Rule}: {evidence.FactKind} {evidence.Code ?? MeasurementName(evidence)}"
                + $"{(evidence.DocumentId is null ? $", {evidence.Source}" : $", {evidence.DocumentId} page {evidence.Page}")}); the medical director may raise it (POST /api/director/cases/{caseId}/tier).");
        if (result.Mismatch is { } mismatch)
            await escalations.RaiseAsync($"{caseId}-category-mismatch", caseId, Deadlines.EscalationReasons.CategoryMismatch, mismatch.Describe());
        return new TriageOutcome(result.Subspecialties.Count, result.Urgency.ToString().ToLowerInvariant());
    }

    // A measurement's name, not its value: escalation details are read outside the case.
    private static string MeasurementName(TriageEvidence evidence) =>
        evidence.FactValue is { } value && value.IndexOfAny(['[', '=']) is var cut and > 0 ? value[..cut] : evidence.FactKind ?? "";
}
