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
            var text = await inner.ExtractAsync(new MemoryStream(bytes, writable: false), contentType, ct);
            // The reader refuses oversized page images itself; a second pass over the PDF is only for a record with unreadable pages.
            var contents = type == "application/pdf" && !text.PageTexts.All(ReadingVerdict.IsUsable) ? PdfInspection.Inspect(bytes, limits) : null;
            if (contents is not null) text = text with { PageTexts = text.PageTexts.Select(page => contents.FirstOrDefault(c => c.Number == page.Number) is { } found ? WithFlags(page, PdfInspection.FlagsOf(found, page)) : page).ToList() };
            return MarkBlankScans(text, type, bytes);
        }
        catch (Exception ex) when (ex is not UnreadableRecordException && !(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            throw new UnreadableRecordException(ReadingFailureClassifier.CodeOf(ex));
        }
    }

    /// <summary>
    /// An OCR'd page with no usable text is looked at once more: if its picture is one shade, it is a
    /// blank scan (<c>blank</c>), not a picture without text. Only then, so a readable page costs nothing.
    /// </summary>
    private static ExtractedText MarkBlankScans(ExtractedText text, string type, byte[] bytes)
    {
        // OCR that found no word calls a page blank; an image upload whose picture has ink (noise, a drawing) is not.
        if (type == "image/png" && BlankScans.InkShare(bytes) is { } ink && ink >= BlankScans.MaxInkShare)
            text = text with { PageTexts = text.PageTexts.Select(p => p.Flags?.Contains(ReadingFlags.Blank) == true
                ? p with { Flags = p.Flags.Where(f => f != ReadingFlags.Blank).ToList() } : p).ToList() };
        var unread = text.PageTexts.Where(p => ReadingEngines.IsOcr(p.Engine) && !ReadingVerdict.IsUsable(p) && p.Flags?.Contains(ReadingFlags.Blank) != true).ToList();
        if (unread.Count == 0) return text;
        var blank = type switch
        {
            "image/png" => BlankScans.IsBlankPng(bytes) ? unread.Select(p => p.Number).ToHashSet() : [],
            "application/pdf" => PdfInspection.PagesWithOnlyBlankImages(bytes, unread.Select(p => p.Number).ToHashSet()),
            _ => [],
        };
        return blank.Count == 0 ? text : text with { PageTexts = text.PageTexts.Select(p => blank.Contains(p.Number) ? WithFlags(p, [ReadingFlags.Blank]) : p).ToList() };
    }

    private static PageText WithFlags(PageText page, IReadOnlyList<string> added) =>
        added.Count == 0 ? page : page with { Flags = [.. page.Flags ?? [], .. added.Where(f => page.Flags?.Contains(f) != true)] };
}
