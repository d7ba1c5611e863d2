namespace SecondOpinion.Core.Records;

/// <summary>Page flags the readers set and <see cref="ReadingVerdict"/> reads.</summary>
public static class ReadingFlags
{
    /// <summary>Nothing on the page: no text, no image, no drawing (or an OCR engine judged the scan empty).</summary>
    public const string Blank = "blank";
    /// <summary>A PDF page that only draws (lines, shapes, text turned into outlines): nothing to read or OCR.</summary>
    public const string VectorOnly = "vector-only";
    /// <summary>A PDF page whose image is in an encoding the reader cannot decode (JBIG2, JPEG 2000, CCITT…).</summary>
    public const string ImageUnsupported = "image-unsupported";
}

/// <summary>
/// Decides from a record's pages whether it was read: a record with any usable page is read (its
/// blank or unreadable pages become warnings); one with none gets the most specific problem.
/// Pure: the same pages always give the same verdict.
/// </summary>
public sealed record ReadingVerdict(ReadingProblem? Problem, IReadOnlyList<ReadingWarning> Warnings)
{
    /// <summary>OCR output below this mean word confidence (0–1) is noise, not text.</summary>
    public const double MinimumOcrConfidence = 0.3;

    /// <summary>A page needs this many letters or digits to count as text (OCR of noise yields stray marks).</summary>
    public const int MinimumCharacters = 3;

    public bool Readable => Problem is null;

    public static ReadingVerdict Unreadable(string code) => new(ReadingProblems.Of(code), []);

    public static ReadingVerdict Of(ExtractedText text)
    {
        var pages = text.PageTexts;
        if (pages.Count == 0) return Unreadable(ReadingProblems.Damaged);
        if (pages.Any(IsUsable))
        {
            var warnings = new List<ReadingWarning>();
            foreach (var page in pages.Where(p => !IsUsable(p)))
                warnings.Add(IsBlank(page)
                    ? new ReadingWarning(ReadingFlags.Blank, page.Number, $"Page {page.Number} is blank.")
                    : new ReadingWarning("page-unreadable", page.Number, $"Page {page.Number} has no readable text."));
            return new ReadingVerdict(null, warnings);
        }
        if (pages.All(IsBlank)) return Unreadable(ReadingProblems.Blank);
        if (pages.Any(p => HasFlag(p, ReadingFlags.ImageUnsupported))) return Unreadable(ReadingProblems.UnsupportedContent);
        if (pages.Any(p => ReadingEngines.IsOcr(p.Engine))) return Unreadable(ReadingProblems.NoReadableText);
        // A text layer with no letters and no image to OCR: a drawing, or text turned into outlines.
        return Unreadable(ReadingProblems.UnsupportedContent);
    }

    public static bool IsUsable(PageText page) =>
        !HasFlag(page, ReadingFlags.Blank)
        && page.Text.Count(char.IsLetterOrDigit) >= MinimumCharacters
        && !(ReadingEngines.IsOcr(page.Engine) && page.Confidence is { } confidence && confidence < MinimumOcrConfidence);

    private static bool IsBlank(PageText page) =>
        HasFlag(page, ReadingFlags.Blank)
        || (string.IsNullOrWhiteSpace(page.Text) && page.Engine == ReadingEngines.PlainText);

    private static bool HasFlag(PageText page, string flag) => page.Flags?.Contains(flag) == true;
}
