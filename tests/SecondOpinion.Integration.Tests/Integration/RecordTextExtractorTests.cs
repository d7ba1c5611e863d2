using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Samples;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SecondOpinion.Tests.Integration;

/// <summary>The record reader against the real PdfPig and tesseract (with its osd, jpn and eng data).</summary>
public sealed class RecordTextExtractorTests
{
    // The test run sets DOTNET_PROCESSOR_COUNT high for the durable engine: bound the pages explicitly.
    private readonly RecordTextExtractor extractor = new(
        new TesseractOcrEngine(new TesseractOptions { MaxParallelPages = 2 }, NullLogger<TesseractOcrEngine>.Instance),
        new PageReadingOptions { MaxParallelPages = 2 });

    private async Task<ExtractedText> ReadAsync(byte[] bytes, string contentType) => await extractor.ExtractAsync(new MemoryStream(bytes), contentType);

    [Fact]
    public async Task reads_a_text_layer_pdf_exactly_without_ocr()
    {
        var result = await ReadAsync(SampleRecords.TextPdf(SampleRecords.PathologyReport), "application/pdf");
        Assert.Equal(ExtractionMethod.TextLayer, result.Method);
        Assert.Equal(0, result.OcrPages);
        Assert.Contains("Gleason score 3 + 4 = 7", result.Text);
        Assert.Contains("PSA 6.8 ng/mL", result.Text);
        var page = Assert.Single(result.PageTexts);
        Assert.Equal(ReadingEngines.TextLayer, page.Engine);
        Assert.Null(page.Confidence);
    }

    [Fact]
    public async Task reads_a_scanned_image_with_tesseract_with_its_confidence_and_language()
    {
        var result = await ReadAsync(SampleRecords.ScannedNotePng(), "image/png");
        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        Assert.Contains("adenocarcinoma", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("second opinion", result.Text, StringComparison.OrdinalIgnoreCase);
        var page = Assert.Single(result.PageTexts);
        Assert.Equal(ReadingEngines.Tesseract, page.Engine);
        Assert.InRange(page.Confidence!.Value, 0.8, 1.0);
        Assert.Equal("eng", page.Language);
        Assert.Equal(0, page.RotationDegrees);
        Assert.Empty(page.Flags!);
        // Rebuilt line by line from the TSV: the note's five lines stay five lines.
        Assert.Contains("Patient requests a second opinion before surgery.", page.Text.Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public async Task ocrs_the_page_images_of_a_scanned_pdf()
    {
        var result = await ReadAsync(SampleRecords.ScannedNotePdf(), "application/pdf");
        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        Assert.Equal(1, result.OcrPages);
        Assert.Contains("prostatectomy", result.Text, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(ClinicalFactExtractor.Extract(result.Text));
    }

    [Theory]
    [InlineData(90)]
    [InlineData(180)]
    public async Task a_rotated_scan_is_straightened_read_and_flagged(int degrees)
    {
        var scan = degrees == 90 ? SampleRecords.ScanRotated90Png() : SampleRecords.ScanRotated180Png();

        var page = Assert.Single((await ReadAsync(scan, "image/png")).PageTexts);

        Assert.Contains("adenocarcinoma", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("second opinion", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(degrees, page.RotationDegrees);
        Assert.Contains(OcrFlags.Rotated(degrees), page.Flags!);
        Assert.InRange(page.Confidence!.Value, 0.75, 1.0);
    }

    [Fact]
    public async Task a_japanese_scan_is_read_with_the_japanese_data()
    {
        var page = Assert.Single((await ReadAsync(SampleRecords.ScanJapanesePng(), "image/png")).PageTexts);

        Assert.Equal("jpn", page.Language);
        Assert.Contains("前立腺", page.Text);
        Assert.Contains("腺癌", page.Text);
        Assert.DoesNotContain("前 立", page.Text); // Japanese is not spaced out word box by word box
        Assert.InRange(page.Confidence!.Value, 0.75, 1.0);
    }

    [Fact]
    public async Task a_script_without_installed_data_is_read_with_the_default_and_flagged()
    {
        var withoutJapanese = new RecordTextExtractor(new TesseractOcrEngine(
            new TesseractOptions { MaxParallelPages = 1, Languages = new(StringComparer.OrdinalIgnoreCase) { ["Latin"] = "eng", ["Japanese"] = "jpn-not-installed" } },
            NullLogger<TesseractOcrEngine>.Instance));

        var page = Assert.Single((await withoutJapanese.ExtractAsync(new MemoryStream(SampleRecords.ScanJapanesePng()), "image/png")).PageTexts);

        Assert.Equal("eng", page.Language);
        Assert.Contains(OcrFlags.LanguageUnsupported("Japanese"), page.Flags!);
    }

    [Fact]
    public async Task a_fax_header_over_a_full_page_scan_is_not_taken_for_the_page()
    {
        var result = await ReadAsync(SampleRecords.FaxedScanPdf(SampleRecords.ScannedNotePng()), "application/pdf");

        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        var page = Assert.Single(result.PageTexts);
        Assert.Equal(ReadingEngines.Tesseract, page.Engine);
        Assert.Contains(OcrFlags.SparseTextLayer, page.Flags!);
        Assert.Contains("Riverside Hospital Records", page.Text); // the text layer's line, kept
        Assert.Contains("adenocarcinoma", page.Text, StringComparison.OrdinalIgnoreCase); // the scan, read
        Assert.NotNull(page.Confidence);
    }

    [Fact]
    public async Task a_full_text_layer_over_a_letterhead_image_is_never_ocrd()
    {
        // A hospital export: the letterhead as a full-page background image, the letter as real text.
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddPng(SampleRecords.ScanBlankPng(), new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        var y = 780.0;
        foreach (var line in SampleRecords.PathologyReport.Concat(SampleRecords.CardiologyLetter))
        {
            page.AddText(line, 11, new PdfPoint(56, y), font);
            y -= 18;
        }
        var ocr = new CountingEngine(new SlowEngine());

        var result = await new RecordTextExtractor(ocr).ExtractAsync(new MemoryStream(builder.Build()), "application/pdf");

        Assert.Equal(ExtractionMethod.TextLayer, result.Method);
        Assert.Equal(0, ocr.MostInFlight);
        Assert.Contains("Gleason score 3 + 4 = 7", result.Text);
    }

    [Fact]
    public async Task a_blank_scan_is_flagged_blank_without_failing()
    {
        var page = Assert.Single((await ReadAsync(SampleRecords.ScanBlankPng(), "image/png")).PageTexts);

        Assert.Equal("", page.Text);
        Assert.Contains(OcrFlags.Blank, page.Flags!);
        Assert.Null(page.Confidence);
    }

    [Fact]
    public async Task a_degraded_scan_reads_with_lower_confidence_than_a_clean_one()
    {
        var clean = Assert.Single((await ReadAsync(SampleRecords.ScannedNotePng(), "image/png")).PageTexts);
        var degraded = Assert.Single((await ReadAsync(SampleRecords.ScanDegradedPng(), "image/png")).PageTexts);

        Assert.InRange(clean.Confidence!.Value, 0, 1);
        Assert.InRange(degraded.Confidence!.Value, 0, 1);
        Assert.True(degraded.Confidence < clean.Confidence, $"degraded {degraded.Confidence:0.000} vs clean {clean.Confidence:0.000}");
    }

    [Fact]
    public async Task a_multi_page_scan_is_read_in_parallel_and_keeps_its_page_order()
    {
        var tesseract = new TesseractOcrEngine(new TesseractOptions { MaxParallelPages = 3 }, NullLogger<TesseractOcrEngine>.Instance);
        var counting = new CountingEngine(tesseract);
        var reader = new RecordTextExtractor(counting, new PageReadingOptions { MaxParallelPages = 3 });
        var pdf = SampleRecords.ScannedPdf(Enumerable.Range(1, 3).Select(SampleRecords.DischargeSummaryPagePng));

        var result = await reader.ExtractAsync(new MemoryStream(pdf), "application/pdf");

        Assert.Equal(ExtractionMethod.Ocr, result.Method);
        Assert.Equal([1, 2, 3], result.PageTexts.Select(p => p.Number));
        Assert.Contains("page one", result.PageTexts[0].Text);
        Assert.Contains("page two", result.PageTexts[1].Text);
        Assert.Contains("page three", result.PageTexts[2].Text);
        Assert.True(counting.MostInFlight >= 2, $"pages were read one at a time ({counting.MostInFlight})");
    }

    [Fact]
    public async Task page_images_are_pulled_out_no_faster_than_they_are_read()
    {
        // Twelve scanned pages through an engine that takes its time: never more than the bound in
        // flight, and the pages come back in order even though they finish out of order.
        var slow = new SlowEngine();
        var reader = new RecordTextExtractor(slow, new PageReadingOptions { MaxParallelPages = 3 });
        var pdf = SampleRecords.ScannedPdf(Enumerable.Range(0, 12).Select(i => SampleRecords.DischargeSummaryPagePng(i % 3 + 1)));

        var result = await reader.ExtractAsync(new MemoryStream(pdf), "application/pdf");

        Assert.Equal(12, result.Pages);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"read {n}"), result.PageTexts.Select(p => p.Text));
        // Pulling a page's image out takes a moment too, so the bound may not always be reached.
        Assert.InRange(slow.MostInFlight, 2, 3);
    }

    [Fact]
    public async Task a_failing_page_fails_the_document()
    {
        var reader = new RecordTextExtractor(new SlowEngine { FailOnCall = 4 }, new PageReadingOptions { MaxParallelPages = 2 });
        var pdf = SampleRecords.ScannedPdf(Enumerable.Range(0, 8).Select(_ => SampleRecords.DischargeSummaryPagePng(1)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ExtractAsync(new MemoryStream(pdf), "application/pdf"));
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

    /// <summary>Counts how many recognitions run at once through the real engine.</summary>
    private sealed class CountingEngine(IOcrEngine inner) : IOcrEngine
    {
        private int inFlight;
        public int MostInFlight { get; private set; }
        private readonly Lock sync = new();

        public string Engine => inner.Engine;

        public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default)
        {
            lock (sync) MostInFlight = Math.Max(MostInFlight, ++inFlight);
            try
            {
                return await inner.RecognizeAsync(image, contentType, ct);
            }
            finally
            {
                lock (sync) inFlight--;
            }
        }
    }

    /// <summary>An engine that answers "read N" for its N-th call after a delay that shrinks, so later pages finish first.</summary>
    private sealed class SlowEngine : IOcrEngine
    {
        private int calls;
        private int inFlight;
        private readonly Lock sync = new();
        public int MostInFlight { get; private set; }
        public int? FailOnCall { get; init; }

        public string Engine => ReadingEngines.Tesseract;

        public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default)
        {
            int call;
            lock (sync)
            {
                call = ++calls;
                MostInFlight = Math.Max(MostInFlight, ++inFlight);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300 - call * 15), ct);
                if (call == FailOnCall) throw new InvalidOperationException("tesseract exited with code 1.");
                return [new OcrPage($"read {call}", 0.9) { Words = 2 }];
            }
            finally
            {
                lock (sync) inFlight--;
            }
        }
    }
}
