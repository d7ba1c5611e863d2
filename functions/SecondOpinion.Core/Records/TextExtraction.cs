namespace SecondOpinion.Core.Records;

/// <summary>How a document's text was obtained.</summary>
public enum ExtractionMethod { TextLayer, Ocr, Mixed, None }

/// <summary>Who read a page: the PDF's own text layer, or an OCR engine.</summary>
public static class ReadingEngines
{
    public const string TextLayer = "text-layer";
    public const string PlainText = "plain-text";
    public const string Tesseract = "tesseract";
    public const string DocumentIntelligence = "document-intelligence";

    public static bool IsOcr(string engine) => engine is Tesseract or DocumentIntelligence;
}

/// <summary>
/// One page's text, numbered from 1, with the engine that read it and its mean word confidence
/// (0–1; null for a text layer, which is exact). Flags name what a reviewer should know about the
/// page (for example <c>rotated-90</c>, <c>language-unsupported:kor</c>, <c>blank</c>).
/// </summary>
public sealed record PageText(int Number, string Text, string Engine, double? Confidence = null, string? Language = null, int RotationDegrees = 0, IReadOnlyList<string>? Flags = null);

/// <summary>A record's text, page by page.</summary>
public sealed record ExtractedText(IReadOnlyList<PageText> PageTexts, ExtractionMethod Method)
{
    /// <summary>Pages are separated by a form feed on its own line.</summary>
    public const string PageSeparator = "\n\f\n";

    public string Text => string.Join(PageSeparator, PageTexts.Select(p => p.Text)).Trim();

    public int Pages => PageTexts.Count;

    public int OcrPages => PageTexts.Count(p => ReadingEngines.IsOcr(p.Engine));

    public static ExtractedText SinglePage(string text, string engine, double? confidence = null) =>
        new([new PageText(1, text, engine, confidence)], ReadingEngines.IsOcr(engine) ? ExtractionMethod.Ocr : ExtractionMethod.TextLayer);
}

/// <summary>OCR port: Document Intelligence in Azure; PdfPig text layer + tesseract locally.</summary>
public interface ITextExtractor
{
    Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default);
}

/// <summary>
/// What the workflow may know about an extraction: counts, never the text. An unreadable record has
/// <see cref="Error"/> (the problem's code, kept for older readers) and <see cref="Problem"/> (the
/// code with its fixed reason and next step); a readable one may carry page <see cref="Warnings"/>.
/// </summary>
public sealed record ExtractionSummary(string DocumentId, ExtractionMethod Method, int Pages, int OcrPages, int Characters, int Facts, string? Error = null,
    ReadingProblem? Problem = null, IReadOnlyList<ReadingWarning>? Warnings = null)
{
    public const string Read = "read";
    public const string ReadWithWarnings = "read-with-warnings";
    public const string Unreadable = "unreadable";

    /// <summary><c>read</c>, <c>read-with-warnings</c> or <c>unreadable</c>.</summary>
    public string Status => Error is not null ? Unreadable : Warnings is { Count: > 0 } ? ReadWithWarnings : Read;

    public static ExtractionSummary Failed(string documentId, ReadingProblem problem) =>
        new(documentId, ExtractionMethod.None, 0, 0, 0, 0, problem.Code, problem);
}

/// <summary>The record types the platform accepts, by content type and file extension.</summary>
public static class AcceptedDocuments
{
    public const long MaxBytes = 50 * 1024 * 1024;

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".txt"] = "text/plain",
    };

    public static IReadOnlyCollection<string> ContentTypes => ByExtension.Values.Distinct().ToList();

    public static bool IsAccepted(string contentType) => ByExtension.ContainsValue(Normalize(contentType));

    public static string Normalize(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();

    public static string? FromFileName(string fileName) => ByExtension.GetValueOrDefault(Path.GetExtension(fileName));

    /// <summary>The usual extension of an accepted type (".pdf"), or ".bin": for names that must not be the original one.</summary>
    public static string ExtensionFor(string contentType) => Normalize(contentType) switch
    {
        "image/jpeg" => ".jpg",
        "image/tiff" => ".tif",
        var type => ByExtension.FirstOrDefault(e => e.Value == type).Key ?? ".bin",
    };

    /// <summary>Checks the leading bytes so a renamed file cannot pass as a PDF or an image.</summary>
    public static bool MatchesSignature(string contentType, ReadOnlySpan<byte> head) => Normalize(contentType) switch
    {
        "application/pdf" => head.StartsWith("%PDF-"u8),
        "image/png" => head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }),
        "image/jpeg" => head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }),
        "image/tiff" => head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8),
        "text/plain" => !head.Contains((byte)0),
        _ => false,
    };
}
