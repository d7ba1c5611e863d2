using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;
using SecondOpinion.Infrastructure.Reports;
using UglyToad.PdfPig;

namespace SecondOpinion.Tests.Integration;

/// <summary>The PDF report with the real PDFsharp and the fonts Debian installs, read back with PdfPig and drawn by poppler.</summary>
public sealed class PdfReportTests
{
    private const string JapaneseName = "山田 花子";
    private const string JapaneseQuestion = "手術は本当に必要ですか？放射線治療や監視療法という選択肢はありませんか？";
    private const string NarrativeEnd = "End of the pathology narrative.";
    private static readonly DateTimeOffset Issued = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static string LongNarrative() =>
        string.Join(" ", Enumerable.Range(1, 160).Select(i => $"Paragraph sentence {i}: the biopsy cores were reviewed again and the grading holds."))
        + "\n\n" + NarrativeEnd;

    private static CaseReport Report(string narrative)
    {
        Opinion Opinion(Agreement agreement, bool surgery, string text) =>
            new(agreement, "Prostate adenocarcinoma, Gleason 3+4", "Active surveillance with MRI in 6 months", surgery, 0.82, text,
                ["Surgery is not necessary now.", "監視療法が適切です。"], Issued.AddHours(-3)) { RecommendationKind = RecommendationKind.Surveillance };
        var reviewers = new[]
        {
            new ReportReviewer("sp-001", "Dr Grace Hopper", "urologic-oncology", Opinion(Agreement.Modify, false, narrative)),
            new ReportReviewer("sp-002", "Dr Alan Turing", "radiation-oncology", Opinion(Agreement.Modify, false, "Agrees with surveillance.")),
            new ReportReviewer("sp-003", "Dr Ada Lovelace", "pathology", Opinion(Agreement.Confirm, true, "Would operate.")),
        };
        var consensus = new ConsensusResult(Agreement.Modify, false, false, 0.82, 3, ["sp-003"],
            "The panel majority recommends modifying the proposed treatment (towards surveillance); 1 of 3 reviewers dissent.");
        var triage = new TriageResult(CaseCategory.Oncology, ["urologic-oncology", "radiation-oncology", "pathology"], Urgency.Routine,
            [new TriageEvidence("urologic-oncology", "Prostate adenocarcinoma", "form:currentDiagnosis")]);
        return new CaseReport("c0ffee12345", ReportBuilder.Version, Issued, JapaneseName, new DateOnly(1961, 4, 12), CaseCategory.Oncology,
            JapaneseQuestion + " Is radical prostatectomy necessary?", "Prostate adenocarcinoma", "Radical prostatectomy",
            [new ReportDocument("doc-1", "pathology.pdf", "TextLayer", 2), new ReportDocument("doc-2", "scan.png", "Ocr", 1)],
            triage, reviewers, consensus, Issued.AddDays(1), DeliveredOnTime: true);
    }

    private static readonly PdfReportRenderer Renderer = new(NullLogger<PdfReportRenderer>.Instance);

    /// <summary>All the text of the document with whitespace removed (line wrapping decides where it falls).</summary>
    private static string TextOf(byte[] pdf, out int pages)
    {
        using var document = PdfDocument.Open(pdf);
        pages = document.NumberOfPages;
        return Squash(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    private static string Squash(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [Fact]
    public void a_long_report_reads_back_whole_over_several_pages()
    {
        var report = Report(LongNarrative());

        var pdf = Renderer.Render(report);
        var text = TextOf(pdf, out var pages);

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.True(pages > 1, $"a long narrative flows onto further pages (got {pages})");
        foreach (var expected in new[]
        {
            "Second opinion report", "c0ffee12345", "2026-12-01 09:30 UTC", "on time", "Is radical prostatectomy necessary?",
            report.Consensus.Summary, "Dissenting reviewers", "Dr Ada Lovelace, pathology (dissenting)",
            "Dr Grace Hopper, urologic-oncology", "Dr Alan Turing, radiation-oncology", "Active surveillance with MRI in 6 months (surveillance)",
            "Paragraph sentence 1:", "Paragraph sentence 160:", NarrativeEnd, "Surgery is not necessary now.",
            "Why these specialists", "urologic-oncology: “Prostate adenocarcinoma” (form:currentDiagnosis)",
            "pathology.pdf: 2 page(s), read by TextLayer", "it does not replace their care", $"Page {pages} of {pages}",
        })
            Assert.Contains(Squash(expected), text);
    }

    [Fact]
    public void japanese_names_and_questions_are_set_in_the_cjk_face_when_one_is_installed()
    {
        var fonts = ReportFontResolver.Install().Fonts;
        var text = TextOf(Renderer.Render(Report("Short.")), out _);

        if (fonts.Cjk is null)
        {
            Assert.DoesNotContain("山田", text); // no CJK font here (fonts-droid-fallback): drawn as '?', never a crash
            return;
        }
        Assert.Contains(Squash(JapaneseName), text);
        Assert.Contains(Squash(JapaneseQuestion), text);
        Assert.Contains("監視療法が適切です。", text);
    }

    [Fact]
    public void without_a_cjk_face_japanese_text_is_drawn_as_question_marks()
    {
        var renderer = new PdfReportRenderer(ReportFontResolver.Install().Fonts with { Cjk = null });

        var text = TextOf(renderer.Render(Report("Short.")), out _);

        Assert.DoesNotContain("山田", text);
        Assert.Contains("??(born1961-04-12)", text);
        Assert.Contains("c0ffee12345", text);
    }

    [Fact]
    public void reports_render_in_parallel_with_one_renderer()
    {
        var pdfs = new byte[8][];

        Parallel.For(0, pdfs.Length, i => pdfs[i] = Renderer.Render(Report($"Narrative {i}.")));

        for (var i = 0; i < pdfs.Length; i++) Assert.Contains($"Narrative{i}.", TextOf(pdfs[i], out _));
    }

    [Fact]
    public void no_text_runs_past_the_right_margin()
    {
        var unbroken = new string('x', 400) + " " + string.Concat(Enumerable.Repeat("日本語の長い文章", 40));
        var pdf = Renderer.Render(Report(unbroken));

        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
            Assert.All(page.Letters, l => Assert.True(l.BoundingBox.Right <= page.Width - 40, $"'{l.Value}' at {l.BoundingBox.Right:0} on page {page.Number}"));
    }

    [Fact]
    public void the_debian_fonts_cover_latin_and_japanese()
    {
        var fonts = ReportFontResolver.Install().Fonts;

        Assert.EndsWith("DejaVuSans.ttf", fonts.Regular.Source);
        Assert.EndsWith("DejaVuSans-Bold.ttf", fonts.Bold.Source);
        Assert.True(fonts.Regular.Coverage.Covers('é') && fonts.Regular.Coverage.Covers('“'));
        Assert.False(fonts.Regular.Coverage.Covers('山'));
        Assert.NotNull(fonts.Cjk); // scripts/common.sh installs fonts-droid-fallback
        Assert.True(fonts.Cjk.Coverage.Covers('山') && fonts.Cjk.Coverage.Covers('て') && fonts.Cjk.Coverage.Covers('カ'));
    }

    [Fact]
    public async Task poppler_draws_the_first_page()
    {
        var directory = Directory.CreateTempSubdirectory("so-pdf-");
        try
        {
            var input = Path.Combine(directory.FullName, "report.pdf");
            await File.WriteAllBytesAsync(input, Renderer.Render(Report(LongNarrative())));
            var start = new ProcessStartInfo("pdftoppm") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-png", "-r", "50", "-f", "1", "-l", "1", input, Path.Combine(directory.FullName, "page") }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, $"pdftoppm failed: {stderr}");
            Assert.Equal("", stderr.Trim()); // poppler complains on stderr about broken fonts or objects
            var png = await File.ReadAllBytesAsync(Directory.GetFiles(directory.FullName, "page*.png").Single());
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.True(png.Length > 8_000, $"a page of text is more than a blank page ({png.Length} bytes)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
