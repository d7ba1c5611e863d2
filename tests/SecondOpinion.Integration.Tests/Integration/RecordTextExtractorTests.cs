using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Samples;

namespace SecondOpinion.Tests.Integration;

/// <summary>The record reader against the real PdfPig and tesseract.</summary>
public sealed class RecordTextExtractorTests
{
    private readonly RecordTextExtractor extractor = new(new TesseractOcrEngine(new TesseractOptions(), NullLogger<TesseractOcrEngine>.Instance));

    [Fact]
    public async Task reads_a_text_layer_pdf_exactly_without_ocr()
    {
        var result = await extractor.ExtractAsync(new MemoryStream(SampleRecords.TextPdf(SampleRecords.PathologyReport)), "application/pdf");
        Assert.Equal(ExtractionMethod.TextLayer, result.Method);
        Assert.Equal(0, result.OcrPages);
        Assert.Contains("Gleason score 3 + 4 = 7", result.Text);
        Assert.Contains("PSA 6.8 ng/mL", result.Text);
    }

    [Fact]
    public async Task reads_a_scanned_image_with_tesseract()
    {
        var result = await extractor.ExtractAsync(new MemoryStream(SampleRecords.ScannedNotePng()), "image/png");
        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        Assert.Contains("adenocarcinoma", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("second opinion", result.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ocrs_the_page_images_of_a_scanned_pdf()
    {
        var result = await extractor.ExtractAsync(new MemoryStream(SampleRecords.ScannedNotePdf()), "application/pdf");
        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        Assert.Equal(1, result.OcrPages);
        Assert.Contains("prostatectomy", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(ClinicalFactExtractor.Extract(result.Text));
    }

    [Fact]
    public async Task a_corrupt_pdf_fails_loudly_instead_of_returning_empty_text()
    {
        var bytes = "%PDF-1.7\nthis is not really a pdf"u8.ToArray();
        await Assert.ThrowsAnyAsync<Exception>(() => extractor.ExtractAsync(new MemoryStream(bytes), "application/pdf"));
    }

    [Fact]
    public async Task a_garbage_image_is_reported_as_a_tesseract_failure()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5 };
        await Assert.ThrowsAsync<InvalidOperationException>(() => extractor.ExtractAsync(new MemoryStream(bytes), "image/png"));
    }
}
