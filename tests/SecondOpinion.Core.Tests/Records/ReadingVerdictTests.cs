using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class ReadingVerdictTests
{
    private static PageText Page(int number, string text, string engine = ReadingEngines.TextLayer, double? confidence = null, params string[] flags) =>
        new(number, text, engine, confidence, Flags: flags.Length == 0 ? null : flags);

    private static ReadingVerdict Verdict(ExtractionMethod method, params PageText[] pages) => ReadingVerdict.Of(new ExtractedText(pages, method));

    [Fact]
    public void a_record_with_text_is_read_without_warnings()
    {
        var verdict = Verdict(ExtractionMethod.TextLayer, Page(1, "Prostate adenocarcinoma, Gleason 3 + 4."));
        Assert.True(verdict.Readable);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void a_readable_record_with_a_blank_page_keeps_a_warning_for_that_page_not_a_problem()
    {
        var verdict = Verdict(ExtractionMethod.Mixed, Page(1, "Biopsy report"), Page(2, "", ReadingEngines.Tesseract, flags: ReadingFlags.Blank), Page(3, "", flags: ReadingFlags.VectorOnly));
        Assert.True(verdict.Readable);
        Assert.Equal([new ReadingWarning(ReadingFlags.Blank, 2, "Page 2 is blank."), new ReadingWarning("page-unreadable", 3, "Page 3 has no readable text.")], verdict.Warnings);
    }

    [Fact]
    public void every_page_blank_is_the_blank_problem()
    {
        var verdict = Verdict(ExtractionMethod.Ocr, Page(1, "", ReadingEngines.Tesseract, flags: ReadingFlags.Blank), Page(2, "", flags: ReadingFlags.Blank));
        Assert.Equal(ReadingProblems.Blank, verdict.Problem?.Code);
    }

    [Fact]
    public void an_empty_text_file_is_blank()
    {
        Assert.Equal(ReadingProblems.Blank, Verdict(ExtractionMethod.TextLayer, Page(1, " \n", ReadingEngines.PlainText)).Problem?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("~ . ,")]          // stray marks OCR makes of noise
    public void ocr_that_finds_nothing_usable_is_no_readable_text(string recognised)
    {
        Assert.Equal(ReadingProblems.NoReadableText, Verdict(ExtractionMethod.Ocr, Page(1, recognised, ReadingEngines.Tesseract)).Problem?.Code);
    }

    [Fact]
    public void ocr_text_below_the_confidence_floor_is_not_usable()
    {
        var verdict = Verdict(ExtractionMethod.Ocr, Page(1, "lIl1 rnm ooo", ReadingEngines.Tesseract, confidence: 0.12));
        Assert.Equal(ReadingProblems.NoReadableText, verdict.Problem?.Code);
        Assert.True(Verdict(ExtractionMethod.Ocr, Page(1, "Discharge summary", ReadingEngines.Tesseract, confidence: 0.91)).Readable);
    }

    [Fact]
    public void a_pdf_that_only_draws_is_unsupported_content()
    {
        Assert.Equal(ReadingProblems.UnsupportedContent, Verdict(ExtractionMethod.TextLayer, Page(1, "", flags: ReadingFlags.VectorOnly)).Problem?.Code);
    }

    [Fact]
    public void a_pdf_whose_page_images_cannot_be_decoded_is_unsupported_content()
    {
        Assert.Equal(ReadingProblems.UnsupportedContent, Verdict(ExtractionMethod.TextLayer, Page(1, "", flags: ReadingFlags.ImageUnsupported)).Problem?.Code);
    }

    [Fact]
    public void a_record_with_no_pages_is_damaged()
    {
        Assert.Equal(ReadingProblems.Damaged, Verdict(ExtractionMethod.None).Problem?.Code);
    }
}
