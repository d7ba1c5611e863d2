using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Triage;

/// <summary>Runs the triage rules over the form and the extracted text; keeps the evidence on the case.</summary>
public sealed class TriageCaseActivity(ICaseRepository cases, IFileStore files, TimeProvider clock) : CaseActivity<string, TriageOutcome>
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
        await cases.UpdateAsync(caseId, c => (c with { Triage = result })
            .WithEvent($"Triage: {string.Join(", ", result.Subspecialties)}; urgency {result.Urgency.ToString().ToLowerInvariant()}.", clock.GetUtcNow()));
        return new TriageOutcome(result.Subspecialties.Count, result.Urgency.ToString().ToLowerInvariant());
    }
}
