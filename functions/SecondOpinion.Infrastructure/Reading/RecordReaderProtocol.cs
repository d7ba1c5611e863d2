using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>
/// What the reader child process needs to read like the host would: the OCR engine and its
/// options, and the image limits. Passed as JSON in <see cref="RecordReaderProtocol.SettingsVariable"/>.
/// </summary>
public sealed record RecordReaderSettings
{
    /// <summary><c>tesseract</c> or <c>document-intelligence</c>.</summary>
    public string OcrProvider { get; init; } = "tesseract";
    public TesseractOptions Tesseract { get; init; } = new();
    public DocumentIntelligenceOptions DocumentIntelligence { get; init; } = new();
    /// <summary>How pages are read (parallelism, when a text layer is too sparse); the host's processor count, not the child's.</summary>
    public PageReadingOptions Pages { get; init; } = new();
    public ImageLimits Limits { get; init; } = ImageLimits.Default;

    public bool UsesDocumentIntelligence => string.Equals(OcrProvider.Replace("-", ""), "documentintelligence", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The reader's answer on stdout: the pages and method, or the problem's code. Never an exception text.</summary>
public sealed record RecordReaderResult(IReadOnlyList<PageText>? Pages, ExtractionMethod? Method, string? Problem);

/// <summary>The contract between <see cref="IsolatedTextExtractor"/> and <c>SecondOpinion.RecordReader</c>.</summary>
public static class RecordReaderProtocol
{
    public const string AssemblyFileName = "SecondOpinion.RecordReader.dll";
    public const string SettingsVariable = "SECONDOPINION_READER_SETTINGS";

    /// <summary>Exit code of a reader that answered (with pages or with a problem).</summary>
    public const int Answered = 0;
    /// <summary>Exit code of a reader that ran out of its managed heap and could still say so.</summary>
    public const int OutOfMemory = 3;
    /// <summary>Exit code of a reader called wrongly (no content type).</summary>
    public const int Usage = 2;
}
