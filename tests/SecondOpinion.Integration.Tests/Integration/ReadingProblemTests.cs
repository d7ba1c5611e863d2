using SecondOpinion.Tests.Support;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Reading;
using SecondOpinion.Samples;
using static SecondOpinion.Tests.Integration.RecordSandboxTests;

namespace SecondOpinion.Tests.Integration;

/// <summary>Every reading problem from a real file, read as the hosts read it (in the child process).</summary>
[Collection(RecordSandboxTests.Readers)]
public sealed class ReadingProblemTests : IDisposable
{
    private readonly IsolatedTextExtractor reader = Isolated();

    public void Dispose() => reader.Dispose();

    [Fact]
    public async Task a_pdf_that_needs_a_password_is_password_protected()
    {
        Assert.Equal(ReadingProblems.PasswordProtected, await ProblemOf(reader, CraftedRecords.PasswordProtectedPdf(), "application/pdf"));
    }

    [Fact]
    public async Task a_pdf_cut_in_half_is_damaged()
    {
        Assert.Equal(ReadingProblems.Damaged, await ProblemOf(reader, CraftedRecords.Truncated(SampleRecords.ScannedNotePdf()), "application/pdf"));
    }

    [Fact]
    public async Task a_60000_pixel_square_png_is_refused_from_its_header_without_being_decoded()
    {
        var png = CraftedRecords.PngClaiming(60_000, 60_000);
        Assert.True(png.Length < 100);
        Assert.Equal(ReadingProblems.ImageTooLarge, await ProblemOf(reader, png, "image/png"));

        // In this process too, and without allocating the 3.6 GB the picture would take.
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(ReadingProblems.ImageTooLarge, await ProblemOf(InProcess(), png, "image/png"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
    }

    [Fact]
    public async Task a_pdf_image_whose_dictionary_claims_60000_pixels_square_is_refused_before_decoding()
    {
        Assert.Equal(ReadingProblems.ImageTooLarge, await ProblemOf(reader, CraftedRecords.HugeImagePdf(60_000, 60_000), "application/pdf"));
    }

    [Fact]
    public async Task a_pdf_whose_every_page_is_empty_is_blank()
    {
        Assert.Equal(ReadingProblems.Blank, await ProblemOf(reader, CraftedRecords.BlankPdf(), "application/pdf"));
    }

    private static byte[] WhiteScan() => CraftedRecords.GreyPng(1240, 1754, (x, y) => (x * 7 + y * 13) % 997 == 0 ? (byte)200 : (byte)250); // A4 at 150 dpi, a little scanner noise

    [Fact]
    public async Task a_blank_scan_is_blank()
    {
        Assert.Equal(ReadingProblems.Blank, await ProblemOf(reader, WhiteScan(), "image/png"));
    }

    [Fact]
    public async Task a_scanned_pdf_of_blank_pages_is_blank()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        for (var i = 0; i < 2; i++)
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddPng(WhiteScan(), new UglyToad.PdfPig.Core.PdfRectangle(0, 0, 595, 842));
        Assert.Equal(ReadingProblems.Blank, await ProblemOf(reader, builder.Build(), "application/pdf"));
    }

    [Fact]
    public async Task random_noise_has_no_readable_text()
    {
        var random = new Random(9);
        Assert.Equal(ReadingProblems.NoReadableText, await ProblemOf(reader, CraftedRecords.GreyPng(600, 400, (_, _) => (byte)random.Next(256)), "image/png"));
    }

    [Fact]
    public async Task a_picture_without_text_has_no_readable_text()
    {
        var circles = CraftedRecords.GreyPng(800, 600, (x, y) => (byte)(((x - 400) * (x - 400) + (y - 300) * (y - 300)) / 900 % 2 == 0 ? 40 : 220));
        Assert.Equal(ReadingProblems.NoReadableText, await ProblemOf(reader, circles, "image/png"));
    }

    [Fact]
    public async Task a_pdf_that_only_draws_is_unsupported_content()
    {
        // A decision: with no text layer and no image there is nothing to OCR, so this is content we
        // cannot read (perhaps text turned into outlines), not a scan that OCR failed on.
        Assert.Equal(ReadingProblems.UnsupportedContent, await ProblemOf(reader, CraftedRecords.VectorOnlyPdf(), "application/pdf"));
    }

    [Fact]
    public async Task a_garbage_image_is_damaged()
    {
        Assert.Equal(ReadingProblems.Damaged, await ProblemOf(reader, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5], "image/png"));
    }
}
