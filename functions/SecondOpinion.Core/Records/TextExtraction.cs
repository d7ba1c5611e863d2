namespace SecondOpinion.Core.Records;

/// <summary>How a document's text was obtained.</summary>
public enum ExtractionMethod { TextLayer, Ocr, Mixed, None }

public sealed record ExtractedText(string Text, ExtractionMethod Method, int Pages, int OcrPages);

/// <summary>OCR port: Document Intelligence in Azure; PdfPig text layer + tesseract locally.</summary>
public interface ITextExtractor
{
    Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default);
}

/// <summary>What the workflow may know about an extraction: counts, never the text.</summary>
public sealed record ExtractionSummary(string DocumentId, ExtractionMethod Method, int Pages, int OcrPages, int Characters, int Facts, string? Error = null);

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
