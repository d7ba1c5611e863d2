namespace SecondOpinion.Core.Records;

/// <summary>
/// Why a record could not be read, as the patient and operations see it: a stable code (the portal
/// localizes by it), a plain reason and the next step. Reasons are fixed texts from
/// <see cref="ReadingProblems"/>, never an exception's message, so no record content reaches the
/// workflow or the case view through them.
/// </summary>
public sealed record ReadingProblem(string Code, string Reason, string NextStep);

/// <summary>The one catalogue of reading problems (English; codes stay stable).</summary>
public static class ReadingProblems
{
    public const string PasswordProtected = "password-protected";
    public const string Damaged = "damaged";
    public const string Blank = "blank";
    public const string ImageTooLarge = "image-too-large";
    public const string NoReadableText = "no-readable-text";
    public const string UnsupportedContent = "unsupported-content";
    public const string TooComplex = "too-complex";
    public const string TimedOut = "timed-out";

    public static readonly IReadOnlyList<ReadingProblem> Catalogue =
    [
        new(PasswordProtected, "The file is protected by a password, so we cannot open it.",
            "Please upload a copy without a password (most PDF viewers can save or print one)."),
        new(Damaged, "The file is damaged or incomplete (it may not have finished uploading or copying).",
            "Please upload the file again, or ask the place that gave it to you for a new copy."),
        new(Blank, "Every page of the file is blank.",
            "Please check that you chose the right file, and scan or photograph the pages again if they came out blank."),
        new(ImageTooLarge, "The picture in the file is too large to read (more than 100 megapixels, or wider or taller than 20,000 pixels).",
            "Please upload a smaller copy: scan at 300 dpi, or save the picture at a lower resolution."),
        new(NoReadableText, "We could not find any readable text in the file.",
            "Please upload a sharper scan or photo (good light, flat page, in focus), or the original PDF if you have one."),
        new(UnsupportedContent, "The file opens, but what is in it is in a form we cannot read (for example a drawing or an unusual image format).",
            "Please upload the record as a PDF with text, or as a scan saved as PNG or JPEG."),
        new(TooComplex, "The file is built in an unusually complex way and could not be read safely.",
            "Please upload a simpler copy: print it to a new PDF, or scan the paper pages."),
        new(TimedOut, "Reading the file took too long.",
            "Please upload a smaller file, or split a long record into several files."),
    ];

    public static ReadingProblem Of(string code) =>
        Catalogue.FirstOrDefault(p => p.Code == code) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Not in the reading-problem catalogue.");

    public static bool IsKnown(string? code) => code is not null && Catalogue.Any(p => p.Code == code);
}

/// <summary>
/// A page of an otherwise readable record that a reviewer should know about (for example a blank
/// page): a stable code, the page and a fixed text.
/// </summary>
public sealed record ReadingWarning(string Code, int Page, string Text);

/// <summary>
/// A reader found the record unreadable for a known reason. The message names only the code: it is
/// safe to log and to pass between processes.
/// </summary>
public sealed class UnreadableRecordException(string code) : Exception($"The record could not be read ({code}).")
{
    public string Code { get; } = ReadingProblems.IsKnown(code) ? code : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a reading-problem code.");
}
