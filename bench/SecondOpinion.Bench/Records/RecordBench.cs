using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Reading;

namespace SecondOpinion.Bench.Records;

/// <summary>
/// `records`: the labelled set through the platform's reader and fact engine (quality), then the same
/// reader's speed against the tools it is built on, in this process: scanned pages against the
/// tesseract CLI run page after page, text-layer pages against PdfPig called directly.
/// </summary>
public static class RecordBench
{
    public static async Task RunAsync(string corpus, bool quick, TextWriter output)
    {
        var cores = Environment.ProcessorCount;
        var pageOptions = new PageReadingOptions { MaxParallelPages = cores };
        var extractor = new RecordTextExtractor(new TesseractOcrEngine(new TesseractOptions { MaxParallelPages = cores }, NullLogger<TesseractOcrEngine>.Instance), pageOptions);
        // Quality is measured the way the records stage reads: the image limits checked first, then the bounded child process.
        var settings = new RecordReaderSettings { Tesseract = new TesseractOptions { MaxParallelPages = cores }, Pages = pageOptions };
        using var isolated = new IsolatedTextExtractor(new RecordReadingOptions(), settings, NullLogger<IsolatedTextExtractor>.Instance);
        var facts = new LexiconFactEngine();

        var results = await RecordQualityBench.ReadAllAsync(corpus, isolated, facts);
        output.WriteLine(RecordQualityBench.Report(results));
        var (right, total) = RecordQualityBench.Categories(results);
        var (rightReason, expectedFailures, goodFailed) = RecordQualityBench.Failures(results);
        var readable = results.Where(r => r.Truth.ExpectedFailure is null && r.Text is not null).ToList();
        double MeanCer(Func<RecordResult, bool> which) => readable.Where(which).Select(RecordQualityBench.CharacterErrorRate).DefaultIfEmpty(double.NaN).Average();
        bool Ocr(RecordResult r) => r.Text!.OcrPages > 0;
        output.WriteLine("| quality | figure |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| ICD-10-CM codes | {RecordQualityBench.Codes(results)} |");
        output.WriteLine($"| measurements | {RecordQualityBench.Measurements(results)} |");
        output.WriteLine($"| category from the records (form says `other`) | {right}/{total} right ({(double)right / total:P0}) |");
        output.WriteLine($"| unreadable files given the right reason | {rightReason}/{expectedFailures}; readable files refused: {goodFailed} |");
        output.WriteLine($"| character error rate, text layer | {MeanCer(r => !Ocr(r)):P1} |");
        output.WriteLine($"| character error rate, OCR (English) | {MeanCer(r => Ocr(r) && r.Truth.Language == "en"):P1} |");
        output.WriteLine($"| character error rate, OCR (Japanese) | {MeanCer(r => Ocr(r) && r.Truth.Language == "ja"):P1} |");
        output.WriteLine();

        var rounds = quick ? 1 : 3;
        var scans = RecordQualityBench.ScannedPages(corpus).Take(quick ? 4 : 8).ToList();
        var scannedPdf = RecordQualityBench.ScannedPdf(scans);
        var sequential = await MedianSecondsAsync(() => RecordQualityBench.TesseractSequentiallyAsync(scans), rounds);
        var sequentialOneThread = await MedianSecondsAsync(() => RecordQualityBench.TesseractSequentiallyAsync(scans, oneThread: true), rounds);
        var pipeline = await MedianSecondsAsync(() => extractor.ExtractAsync(new MemoryStream(scannedPdf), "application/pdf"), rounds);
        var pipelineIsolated = await MedianSecondsAsync(() => isolated.ExtractAsync(new MemoryStream(scannedPdf), "application/pdf"), rounds);
        var textPdf = RecordQualityBench.TextPdf(corpus, 50);
        var pdfPig = await MedianSecondsAsync(() => Task.FromResult(RecordQualityBench.PdfPigDirectly(textPdf)), rounds * 5);
        var textLayer = await MedianSecondsAsync(() => extractor.ExtractAsync(new MemoryStream(textPdf), "application/pdf"), rounds * 5);
        var textLayerIsolated = await MedianSecondsAsync(() => isolated.ExtractAsync(new MemoryStream(textPdf), "application/pdf"), rounds * 5);
        output.WriteLine("| speed | baseline | subject | subject pages/s ÷ baseline pages/s | goal |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(Row($"{scans.Count} scanned pages", "tesseract CLI, one page after another", scans.Count / sequential, "the reader in process (one PDF)", scans.Count / pipeline, "≥ 1.7×"));
        output.WriteLine(Row($"{scans.Count} scanned pages", "tesseract CLI, one page after another", scans.Count / sequential, "the reader in its child process", scans.Count / pipelineIsolated, "≥ 1.7×"));
        output.WriteLine(Row($"{scans.Count} scanned pages", "tesseract CLI one thread, one page after another", scans.Count / sequentialOneThread, "the reader in its child process", scans.Count / pipelineIsolated, "≥ 1.7×"));
        output.WriteLine(Row("50 text-layer pages", "PdfPig directly", 50 / pdfPig, "the reader in process (one PDF)", 50 / textLayer, "≥ 0.9×"));
        output.WriteLine(Row("50 text-layer pages", "PdfPig directly", 50 / pdfPig, "the reader in its child process", 50 / textLayerIsolated, "≥ 0.9×"));
    }

    private static string Row(string what, string baseline, double baselineRate, string subject, double subjectRate, string goal) =>
        string.Create(CultureInfo.InvariantCulture, $"| {what} | {baseline}: {baselineRate:0.##} pages/s | {subject}: {subjectRate:0.##} pages/s | {subjectRate / baselineRate:0.00}× | {goal} |");

    private static async Task<double> MedianSecondsAsync(Func<Task> action, int rounds)
    {
        await action(); // warm-up
        var samples = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
