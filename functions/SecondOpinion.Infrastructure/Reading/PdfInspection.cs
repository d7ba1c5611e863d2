using SecondOpinion.Core.Records;
using UglyToad.PdfPig;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>What one PDF page holds, counted without decoding any image.</summary>
public sealed record PdfPageContents(int Number, int Letters, int Images, int Paths);

/// <summary>
/// Looks at a PDF before it is read: every image's pixel dimensions from its dictionary (Width,
/// Height), so an oversized picture is refused before a decoder allocates it; and what each page
/// holds, so an empty page is told from a drawing and from an image the reader could not decode.
/// </summary>
public static class PdfInspection
{
    /// <summary>
    /// Whether the file ends as a PDF must, with <c>%%EOF</c> (within the last kilobyte: some writers add
    /// a newline or a few bytes after it). PdfPig's lenient parser recovers what it can from a cut file
    /// and would report the missing pages as empty, so a truncated upload would pass for a blank one.
    /// </summary>
    public static bool EndsWithEndOfFileMarker(ReadOnlySpan<byte> pdf) => pdf[Math.Max(0, pdf.Length - 1024)..].IndexOf("%%EOF"u8) >= 0;

    public static IReadOnlyList<PdfPageContents> Inspect(byte[] pdf, ImageLimits limits)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<PdfPageContents>(document.NumberOfPages);
        foreach (var page in document.GetPages())
        {
            var images = 0;
            foreach (var image in page.GetImages())
            {
                if (!limits.Allows(new ImageSize(image.WidthInSamples, image.HeightInSamples)))
                    throw new UnreadableRecordException(ReadingProblems.ImageTooLarge);
                images++;
            }
            pages.Add(new PdfPageContents(page.Number, page.Letters.Count, images, page.Paths.Count));
        }
        return pages;
    }

    /// <summary>The pages among <paramref name="pages"/> whose every image PdfPig can turn into a PNG is one shade (a blank scan).</summary>
    public static HashSet<int> PagesWithOnlyBlankImages(byte[] pdf, IReadOnlySet<int> pages)
    {
        var blank = new HashSet<int>();
        using var document = PdfDocument.Open(pdf);
        foreach (var number in pages)
        {
            var images = document.GetPage(number).GetImages().ToList();
            if (images.Count > 0 && images.All(image => image.TryGetPng(out var png) && BlankScans.IsBlankPng(png))) blank.Add(number);
        }
        return blank;
    }

    /// <summary>
    /// The page flags these contents imply, given how the page was read: nothing at all is
    /// <c>blank</c>; only drawing is <c>vector-only</c>; images, no letters, and still no OCR means the
    /// images were in an encoding the reader could not decode.
    /// </summary>
    public static IReadOnlyList<string> FlagsOf(PdfPageContents contents, PageText read)
    {
        if (contents.Letters > 0) return [];
        if (contents.Images == 0) return contents.Paths == 0 ? [ReadingFlags.Blank] : [ReadingFlags.VectorOnly];
        return ReadingEngines.IsOcr(read.Engine) ? [] : [ReadingFlags.ImageUnsupported];
    }
}
