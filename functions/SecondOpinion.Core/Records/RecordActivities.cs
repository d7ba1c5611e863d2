using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Records;

public sealed class ListDocumentsActivity(ICaseRepository cases) : CaseActivity<string, IReadOnlyList<string>>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<IReadOnlyList<string>> ExecuteAsync(TaskActivityContext context, string caseId) =>
        (await cases.GetAsync(caseId)).Documents.Select(d => d.Id).ToList();
}

/// <summary>
/// Reads one record: text layer where there is one, OCR otherwise. Text and clinical facts are
/// stored next to the original in Blob Storage; the workflow gets only counts back. An unreadable
/// file does not fail the case: it is flagged on the case and the reviewers still see the original.
/// </summary>
public sealed class ExtractDocumentActivity(ICaseRepository cases, IFileStore files, ITextExtractor extractor, IClinicalFactEngine factEngine, TimeProvider clock, ILogger<ExtractDocumentActivity> log)
    : CaseActivity<DocumentRef, ExtractionSummary>
{
    protected override string CaseIdOf(DocumentRef input) => input.CaseId;

    protected override async Task<ExtractionSummary> ExecuteAsync(TaskActivityContext context, DocumentRef input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var document = caseFile.Documents.Single(d => d.Id == input.DocumentId);
        ExtractionSummary summary;
        try
        {
            await using var original = await files.OpenReadAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(input.CaseId, input.DocumentId))
                ?? throw new FileNotFoundException("The original record is missing from storage.");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var extracted = await extractor.ExtractAsync(original, document.ContentType);
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (extracted.OcrPages > 0 && seconds > 0) Telemetry.OcrPagesPerSecond.Record(extracted.OcrPages / seconds);
            var facts = await factEngine.ExtractAsync(input.DocumentId, extracted.PageTexts);
            await files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(input.CaseId, input.DocumentId), extracted.Text, "text/plain; charset=utf-8");
            await files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(input.CaseId, input.DocumentId), SecondOpinionJson.Serialize(facts), "application/json");
            summary = new ExtractionSummary(input.DocumentId, extracted.Method, extracted.Pages, extracted.OcrPages, extracted.Text.Length, facts.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The exception text can quote record content; log only its type.
            log.LogWarning("Document {DocumentId} of case {CaseId} could not be read ({ErrorType})", input.DocumentId, input.CaseId, ex.GetType().Name);
            summary = new ExtractionSummary(input.DocumentId, ExtractionMethod.None, 0, 0, 0, 0, "unreadable");
        }

        var now = clock.GetUtcNow();
        await cases.UpdateAsync(input.CaseId, c => (c with
        {
            Documents = c.Documents.Select(d => d.Id == input.DocumentId ? d with { Extraction = summary } : d).ToList(),
        }).WithEvent($"Read {document.Id}: {summary.Method}, {summary.Pages} page(s){(summary.Error is null ? "" : ", unreadable")}.", now, patientFacing: true));
        return summary;
    }
}
