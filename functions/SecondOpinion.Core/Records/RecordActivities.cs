using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Records;

public sealed class ListDocumentsActivity(ICaseRepository cases) : CaseActivity<string, IReadOnlyList<string>>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<IReadOnlyList<string>> ExecuteAsync(TaskActivityContext context, string caseId) =>
        (await cases.GetAsync(caseId)).Documents.Select(d => d.Id).ToList();
}

/// <summary>
/// Reads one record: text layer where there is one, OCR otherwise. Text, pages and clinical facts
/// are stored next to the original in Blob Storage; the workflow gets only counts back. An
/// unreadable file does not fail the case: it gets a reading problem (a fixed reason and next step)
/// on the case, a patient-facing timeline entry, and one <c>record-unreadable</c> notification; the
/// reviewers still see the original. Reading never throws past this activity for a file's sake, so a
/// file that defeats the reader cannot make the workflow retry it for ever.
/// </summary>
public sealed class ExtractDocumentActivity(ICaseRepository cases, IFileStore files, ITextExtractor extractor, IClinicalFactEngine factEngine,
    NotificationService notifications, TimeProvider clock, ILogger<ExtractDocumentActivity> log)
    : CaseActivity<DocumentRef, ExtractionSummary>
{
    protected override string CaseIdOf(DocumentRef input) => input.CaseId;

    protected override async Task<ExtractionSummary> ExecuteAsync(TaskActivityContext context, DocumentRef input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var document = caseFile.Documents.Single(d => d.Id == input.DocumentId);
        var summary = await ReadAsync(input, document);

        var now = clock.GetUtcNow();
        var key = $"read:{input.DocumentId}";
        await cases.UpdateAsync(input.CaseId, c =>
        {
            var updated = c with { Documents = c.Documents.Select(d => d.Id == input.DocumentId ? d with { Extraction = summary } : d).ToList() };
            return updated.HasStep(key) ? updated : updated.WithEvent(TimelineNote(document.Id, summary), now, patientFacing: true, key);
        });
        if (summary.Problem is not null)
            await notifications.NotifyAllAsync(NotificationRequest.RecordUnreadable(input.CaseId, input.DocumentId));
        return summary;
    }

    private async Task<ExtractionSummary> ReadAsync(DocumentRef input, CaseDocument document)
    {
        // A storage failure escapes and is retried; a missing original will not appear by retrying.
        await using var original = await files.OpenReadAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(input.CaseId, input.DocumentId));
        if (original is null)
        {
            log.LogWarning("Document {DocumentId} of case {CaseId} has no original in storage", input.DocumentId, input.CaseId);
            return ExtractionSummary.Failed(input.DocumentId, ReadingProblems.Of(ReadingProblems.Damaged));
        }
        ExtractedText extracted;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            extracted = await extractor.ExtractAsync(original, document.ContentType);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var code = ReadingFailures.CodeOf(ex);
            // The exception text can quote record content; log only its type and the code.
            log.LogWarning("Document {DocumentId} of case {CaseId} could not be read: {Problem} ({ErrorType})", input.DocumentId, input.CaseId, code, ex.GetType().Name);
            return ExtractionSummary.Failed(input.DocumentId, ReadingProblems.Of(code));
        }
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (extracted.OcrPages > 0 && seconds > 0) Telemetry.OcrPagesPerSecond.Record(extracted.OcrPages / seconds);

        await files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentPages(input.CaseId, input.DocumentId), SecondOpinionJson.Serialize(DocumentPage.Of(extracted)), "application/json");
        var verdict = ReadingVerdict.Of(extracted);
        if (verdict.Problem is { } problem)
        {
            log.LogWarning("Document {DocumentId} of case {CaseId} has nothing to read: {Problem}", input.DocumentId, input.CaseId, problem.Code);
            return ExtractionSummary.Failed(input.DocumentId, problem) with { Method = extracted.Method, Pages = extracted.Pages, OcrPages = extracted.OcrPages };
        }
        var facts = await factEngine.ExtractAsync(input.DocumentId, extracted.PageTexts);
        await files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(input.CaseId, input.DocumentId), extracted.Text, "text/plain; charset=utf-8");
        await files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(input.CaseId, input.DocumentId), SecondOpinionJson.Serialize(facts), "application/json");
        return new ExtractionSummary(input.DocumentId, extracted.Method, extracted.Pages, extracted.OcrPages, extracted.Text.Length, facts.Count,
            Warnings: verdict.Warnings.Count > 0 ? verdict.Warnings : null);
    }

    /// <summary>Patient-facing, so fixed texts and ids only: the reason says what to do, never what the record says.</summary>
    private static string TimelineNote(string documentId, ExtractionSummary summary) => summary.Problem is { } problem
        ? $"Could not read {documentId}: {problem.Reason} {problem.NextStep}"
        : $"Read {documentId}: {EnumNames.Of(summary.Method)}, {summary.Pages} page(s){(summary.Warnings is { Count: > 0 } w ? $", {w.Count} page warning(s)" : "")}.";
}

/// <summary>
/// The reading problem an exception stands for, when a reader did not say: a typed
/// <see cref="UnreadableRecordException"/> keeps its code; corrupt data is <c>damaged</c>; a guard
/// against deep nesting is <c>too-complex</c>; a timeout <c>timed-out</c>; anything else is taken as
/// a damaged file (the file is what varies between reads).
/// </summary>
public static class ReadingFailures
{
    public static string CodeOf(Exception ex) => ex switch
    {
        UnreadableRecordException typed => typed.Code,
        TimeoutException => ReadingProblems.TimedOut,
        InsufficientExecutionStackException or OutOfMemoryException => ReadingProblems.TooComplex,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => CodeOf(aggregate.InnerExceptions[0]),
        _ => ReadingProblems.Damaged,
    };
}
