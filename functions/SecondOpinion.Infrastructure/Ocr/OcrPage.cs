namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>
/// What an OCR engine read on one page: the text line by line, the mean word confidence (0–1; null
/// when it found no words), the clockwise rotation the scan showed (0, 90, 180, 270) and was read
/// at, the language data it read with (tesseract's code, e.g. <c>eng</c>, <c>jpn</c>, or the
/// service's locale), and <see cref="OcrFlags"/> for a reviewer.
/// </summary>
public sealed record OcrPage(string Text, double? Confidence, int RotationDegrees = 0, string? Language = null, IReadOnlyList<string>? Flags = null)
{
    /// <summary>Words recognised on the page (what <see cref="Confidence"/> is the mean of).</summary>
    public int Words { get; init; }

    public static OcrPage Blank(string? language) => new("", null, 0, language, [OcrFlags.Blank]);
}

/// <summary>The page flags the reader sets, spelled once.</summary>
public static class OcrFlags
{
    /// <summary>A scan with no words on it (an empty or near-uniform page).</summary>
    public const string Blank = "blank";

    /// <summary>The PDF page had a few words of text layer (a fax header, a Bates stamp) over a scan: both were read.</summary>
    public const string SparseTextLayer = "sparse-text-layer";

    /// <summary>A scanned page whose images none of the decoders could turn into a picture to read.</summary>
    public const string ImageNotDecoded = "image-not-decoded";

    /// <summary>The scan was turned by this many degrees clockwise and was straightened before reading.</summary>
    public static string Rotated(int degrees) => $"rotated-{degrees}";

    /// <summary>The page's script has no installed language data: it was read with the default language.</summary>
    public static string LanguageUnsupported(string script) => $"language-unsupported:{script.ToLowerInvariant()}";

    /// <summary>A rotation in degrees, any sign, as the nearest of 0, 90, 180, 270.</summary>
    public static int QuarterTurns(double degrees)
    {
        var quarter = (int)Math.Round(degrees / 90.0, MidpointRounding.AwayFromZero) % 4;
        return (quarter + 4) % 4 * 90;
    }
}
