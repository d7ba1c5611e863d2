using System.Diagnostics;
using System.Globalization;
using System.Text;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Triage;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SecondOpinion.Bench.Records;

/// <summary>What the pipeline made of one labelled record.</summary>
public sealed record RecordResult(RecordTruth Truth, ExtractedText? Text, IReadOnlyList<ClinicalFact> Facts, string? Failure, CaseCategory? Category, double Seconds);

/// <summary>Precision and recall over (record, item) pairs.</summary>
public sealed record Score(int TruePositives, int Predicted, int Expected)
{
    public double Precision => Predicted == 0 ? 1 : (double)TruePositives / Predicted;
    public double Recall => Expected == 0 ? 1 : (double)TruePositives / Expected;

    public override string ToString() => $"precision {Precision:P0} ({TruePositives}/{Predicted}), recall {Recall:P0} ({TruePositives}/{Expected})";
}

/// <summary>
/// Quality of reading records, measured against the labelled set in tests/records: ICD-10-CM codes and
/// measurements (precision and recall), the category triage infers when the form says "other", the
/// reason given for each file that cannot be read, and the OCR character error rate against the text
/// the page was made from.
/// </summary>
public static class RecordQualityBench
{
    public static async Task<IReadOnlyList<RecordResult>> ReadAllAsync(string corpus, ITextExtractor extractor, IClinicalFactEngine facts)
    {
        var results = new List<RecordResult>();
        foreach (var truth in RecordCorpusWriter.ReadAll(corpus))
        {
            var started = Stopwatch.GetTimestamp();
            ExtractedText? text = null;
            string? failure = null;
            IReadOnlyList<ClinicalFact> found = [];
            try
            {
                await using var file = File.OpenRead(Path.Combine(corpus, truth.File));
                text = await extractor.ExtractAsync(file, truth.ContentType);
                failure = RecordFailure(text);
                found = await facts.ExtractAsync(truth.Name, text.PageTexts);
            }
            catch (Exception ex)
            {
                failure = FailureOf(ex);
            }
            var category = text is null ? (CaseCategory?)null : TriageRules.Assess(new TriageInput(CaseCategory.Other, "Second opinion requested.", null, null, found)).Category;
            results.Add(new RecordResult(truth, text, found, failure, category, Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
        return results;
    }

    /// <summary>A record read without an exception can still be unreadable: the records stage's own verdict.</summary>
    private static string? RecordFailure(ExtractedText text) => ReadingVerdict.Of(text).Problem?.Code;

    private static string FailureOf(Exception ex) => ReadingFailures.CodeOf(ex);

    public static Score Codes(IEnumerable<RecordResult> results) => Compare(results,
        r => r.Truth.Codes.Select(Normalize),
        r => r.Facts.Where(f => f.Kind == FactKinds.Icd10).Select(f => Normalize(f.Code ?? f.Value)));

    /// <summary>
    /// A stated measurement is found when the engine reports one of the same name (the engine's names mapped to
    /// the truth's) with the same number, or whose normalized value starts with the truth's (ER "positive",
    /// Gleason "3+4=7", TNM "cT2aN2M0"). Visual acuity is compared in logMAR, the form the engine normalizes to.
    /// </summary>
    public static Score Measurements(IEnumerable<RecordResult> results)
    {
        int tp = 0, predicted = 0, expected = 0;
        foreach (var r in results)
        {
            var pool = r.Facts.Where(f => f.Measurement is not null).Select(f => f.Measurement!).ToList();
            predicted += pool.Count;
            expected += r.Truth.Measurements.Count;
            foreach (var want in r.Truth.Measurements)
            {
                var match = pool.FirstOrDefault(m => CanonicalName(m.Name) == want.Name && SameValue(want, m));
                if (match is null) continue;
                tp++;
                pool.Remove(match);
            }
        }
        return new Score(tp, predicted, expected);
    }

    private static bool SameValue(TruthMeasurement want, MeasuredValue got)
    {
        var truth = want.Name == "visual-acuity" ? LogMar(want.Value) : want.Value;
        if (double.TryParse(truth, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && got.Value is { } value)
            return Math.Abs(value - number) < 0.011;
        var printed = got.Normalized[(got.Normalized.IndexOf('=') + 1)..];
        return Compact(printed).StartsWith(Compact(truth), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Snellen (20/60) or decimal (0.5) acuity as logMAR.</summary>
    private static string LogMar(string acuity)
    {
        var parts = acuity.Split('/');
        var fraction = parts.Length == 2 ? double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture)
            : double.Parse(acuity, CultureInfo.InvariantCulture);
        return (-Math.Log10(fraction)).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static string Compact(string value) => new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>The share of readable records whose inferred category is the truth's.</summary>
    public static (int Right, int Total) Categories(IEnumerable<RecordResult> results)
    {
        var labelled = results.Where(r => r.Truth.Category is not null).ToList();
        return (labelled.Count(r => r.Category is { } c && string.Equals(c.ToString(), r.Truth.Category, StringComparison.OrdinalIgnoreCase)), labelled.Count);
    }

    /// <summary>Files that must fail: how many failed with the expected reason, and how many good files failed.</summary>
    public static (int RightReason, int ExpectedFailures, int GoodFilesFailed) Failures(IEnumerable<RecordResult> results)
    {
        var list = results.ToList();
        return (list.Count(r => r.Truth.ExpectedFailure is not null && r.Failure == r.Truth.ExpectedFailure),
            list.Count(r => r.Truth.ExpectedFailure is not null),
            list.Count(r => r.Truth.ExpectedFailure is null && r.Failure is not null));
    }

    /// <summary>Character error rate of the whole record: edit distance over the truth's length, whitespace collapsed.</summary>
    public static double CharacterErrorRate(RecordResult result)
    {
        var truth = Collapse(string.Join(" ", result.Truth.Pages.SelectMany(p => p)));
        var read = Collapse(result.Text?.Text ?? "");
        // A faxed page also carries its header line, which is not part of the record.
        if (result.Truth.Form == nameof(RecordForm.FaxedScanPdf) && read.StartsWith("FAX", StringComparison.Ordinal))
            read = Collapse(string.Join(" ", read.Split(' ').SkipWhile(w => !w.StartsWith("P.0", StringComparison.Ordinal)).Skip(1)));
        return truth.Length == 0 ? 0 : (double)Levenshtein(read, truth) / truth.Length;
    }

    // The fact engine's measurement names, mapped to the truth's where they are spelled differently.
    private static readonly Dictionary<string, string> NameAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lvef"] = "ejection-fraction", ["aortic-valve-area"] = "valve-area", ["tumor-size"] = "tumour-size", ["ki67"] = "ki-67",
        ["varus"] = "alignment", ["valgus"] = "alignment", ["cobb-angle"] = "alignment", ["central-subfield-thickness"] = "retinal-thickness",
        ["t2-lesions"] = "mri-lesions", ["enhancing-lesions"] = "mri-lesions",
    };

    private static string CanonicalName(string name) => NameAliases.GetValueOrDefault(name, name.ToLowerInvariant());

    private static string Normalize(string code) => code.Trim().ToUpperInvariant();

    private static Score Compare(IEnumerable<RecordResult> results, Func<RecordResult, IEnumerable<string>> expected, Func<RecordResult, IEnumerable<string>> predicted)
    {
        int tp = 0, p = 0, e = 0;
        foreach (var r in results)
        {
            // Multisets: a record that states PSA twice expects two PSA values.
            var want = expected(r).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            var got = predicted(r).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            e += want.Values.Sum();
            p += got.Values.Sum();
            tp += want.Sum(w => Math.Min(w.Value, got.GetValueOrDefault(w.Key)));
        }
        return new Score(tp, p, e);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The scanned page images of the set (the images inside scanned PDFs, and image files), for the speed comparison.</summary>
    public static IReadOnlyList<(byte[] Image, string ContentType)> ScannedPages(string corpus)
    {
        var pages = new List<(byte[], string)>();
        foreach (var truth in RecordCorpusWriter.ReadAll(corpus).Where(t => t.ExpectedFailure is null && t.Language == "en"))
        {
            var bytes = File.ReadAllBytes(Path.Combine(corpus, truth.File));
            if (truth.ContentType.StartsWith("image/", StringComparison.Ordinal)) { pages.Add((bytes, truth.ContentType)); continue; }
            using var pdf = PdfDocument.Open(bytes);
            foreach (var page in pdf.GetPages().Where(p => p.Letters.Count == 0))
                foreach (var image in page.GetImages())
                    if (image.TryGetPng(out var png)) pages.Add((png, "image/png"));
                    else pages.Add((image.RawBytes.ToArray(), "image/jpeg"));
        }
        return pages;
    }

    /// <summary>
    /// The baseline for scanned pages: the tesseract CLI on each page, one after another, as a script would run it —
    /// with tesseract's own threads (its default), or held to one thread as the reader holds each of its processes.
    /// </summary>
    public static async Task TesseractSequentiallyAsync(IEnumerable<(byte[] Image, string ContentType)> pages, bool oneThread = false)
    {
        foreach (var (image, _) in pages)
        {
            var start = new ProcessStartInfo("tesseract") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "stdin", "stdout", "-l", "eng" }) start.ArgumentList.Add(a);
            if (oneThread) start.Environment["OMP_THREAD_LIMIT"] = "1";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.BaseStream.WriteAsync(image);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            await Task.WhenAll(output, error);
        }
    }

    /// <summary>The baseline for text-layer pages: PdfPig called directly, page by page.</summary>
    public static int PdfPigDirectly(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var characters = 0;
        foreach (var page in document.GetPages()) characters += ContentOrderTextExtractor.GetText(page).Length;
        return characters;
    }

    /// <summary>One PDF holding the given page images, one per page, in order.</summary>
    public static byte[] ScannedPdf(IReadOnlyList<(byte[] Image, string ContentType)> pages)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        foreach (var (image, type) in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var whole = new UglyToad.PdfPig.Core.PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height);
            if (type == "image/png") page.AddPng(image, whole);
            else page.AddJpeg(image, whole);
        }
        return builder.Build();
    }

    /// <summary>A text-layer PDF of many pages, made from the text records of the set.</summary>
    public static byte[] TextPdf(string corpus, int pages)
    {
        var lines = RecordCorpusWriter.ReadAll(corpus).Where(t => t.Form == nameof(RecordForm.TextPdf)).SelectMany(t => t.Pages).ToList();
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        for (var i = 0; i < pages; i++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var line in lines[i % lines.Count])
            {
                page.AddText(line, 10, new UglyToad.PdfPig.Core.PdfPoint(56, y), font);
                y -= 17;
            }
        }
        return builder.Build();
    }

    public static string Report(IReadOnlyList<RecordResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| record | form | read as | CER | codes found | measurements found | category | failure |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var method = r.Text is null ? "—" : string.Join(", ", r.Text.PageTexts.Select(p => p.Engine + (p.Flags is { Count: > 0 } f ? $" ({string.Join(", ", f)})" : "")).Distinct());
            var codes = Codes([r]);
            var measures = Measurements([r]);
            text.AppendLine($"| {r.Truth.Name} | {r.Truth.Form} | {method} | {(r.Truth.ExpectedFailure is null ? CharacterErrorRate(r).ToString("P1", CultureInfo.InvariantCulture) : "—")} | "
                + $"{codes.TruePositives}/{codes.Expected} | {measures.TruePositives}/{measures.Expected} | "
                + $"{(r.Truth.Category is null ? "—" : $"{r.Category?.ToString().ToLowerInvariant() ?? "—"} ({(string.Equals(r.Category?.ToString(), r.Truth.Category, StringComparison.OrdinalIgnoreCase) ? "right" : "wrong")})")} | "
                + $"{(r.Failure is null && r.Truth.ExpectedFailure is null ? "—" : $"{r.Failure ?? "none"} (expected {r.Truth.ExpectedFailure ?? "none"})")} |");
        }
        return text.ToString();
    }
}
