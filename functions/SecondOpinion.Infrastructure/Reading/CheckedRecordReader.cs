using SecondOpinion.Core.Records;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>
/// The reader of untrusted files, in whichever process runs it: refuses pictures above the pixel
/// limits from their headers (PNG, JPEG, TIFF, and a PDF's image dictionaries) before anything
/// decodes them, reads with the inner extractor (PdfPig + the OCR engine), flags blank, drawing-only
/// and undecodable PDF pages, and turns every failure into an <see cref="UnreadableRecordException"/>
/// with its reading problem.
/// </summary>
public sealed class CheckedRecordReader(ITextExtractor inner, ImageLimits limits) : ITextExtractor
{
    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var type = AcceptedDocuments.Normalize(contentType);
        try
        {
            if (ImageHeaders.SizesOf(bytes, type).Any(size => !limits.Allows(size)))
                throw new UnreadableRecordException(ReadingProblems.ImageTooLarge);
            if (type == "application/pdf" && !PdfInspection.EndsWithEndOfFileMarker(bytes))
                throw new UnreadableRecordException(ReadingProblems.Damaged);
            var contents = type == "application/pdf" ? PdfInspection.Inspect(bytes, limits) : null;
            var text = await inner.ExtractAsync(new MemoryStream(bytes, writable: false), contentType, ct);
            return contents is null ? text : text with { PageTexts = text.PageTexts.Select(page => WithFlags(page, contents)).ToList() };
        }
        catch (Exception ex) when (ex is not UnreadableRecordException && !(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw new UnreadableRecordException(ReadingFailureClassifier.CodeOf(ex));
        }
    }

    private static PageText WithFlags(PageText page, IReadOnlyList<PdfPageContents> contents)
    {
        var found = contents.FirstOrDefault(c => c.Number == page.Number);
        if (found is null) return page;
        var added = PdfInspection.FlagsOf(found, page);
        if (added.Count == 0) return page;
        return page with { Flags = [.. page.Flags ?? [], .. added.Where(f => page.Flags?.Contains(f) != true)] };
    }
}
