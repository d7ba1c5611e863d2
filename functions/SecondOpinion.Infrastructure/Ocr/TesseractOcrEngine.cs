using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>When tesseract's orientation and script detection (<c>--psm 0</c>) runs before a page is read again.</summary>
public enum OrientationDetection
{
    /// <summary>Never: every page is read upright with <see cref="TesseractOptions.Language"/>.</summary>
    Off,
    /// <summary>
    /// Only for a page whose first, upright reading is unsure (mean word confidence under
    /// <see cref="TesseractOptions.UnsureBelowConfidence"/>): a turned scan or another script reads as
    /// low-confidence noise, a clean upright page never pays for detection.
    /// </summary>
    WhenUnsure,
    /// <summary>Before every page (one more tesseract run a page, about as long as reading it).</summary>
    Always,
}

/// <summary>Section <c>Ocr</c>, for the local engine.</summary>
public sealed record TesseractOptions
{
    public string ExecutablePath { get; init; } = "tesseract";

    /// <summary>The language data pages are first read with, and read with when their script has none installed.</summary>
    public string Language { get; init; } = "eng";

    /// <summary>
    /// Script, as tesseract's detection names it, to the language data to read it with (<c>Ocr:Languages:Latin</c>
    /// = <c>eng+spa</c> reads Spanish records better at about a third more time a page).
    /// </summary>
    public Dictionary<string, string> Languages { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Latin"] = "eng",
        ["Han"] = "jpn",
        ["Japanese"] = "jpn",
        ["Hiragana"] = "jpn",
        ["Katakana"] = "jpn",
    };

    public OrientationDetection OrientationDetection { get; init; } = OrientationDetection.WhenUnsure;

    /// <summary>Under <see cref="OrientationDetection.WhenUnsure"/>: the mean word confidence below which a page is detected and read again.</summary>
    public double UnsureBelowConfidence { get; init; } = 0.75;

    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>tesseract processes at once across all documents; each is held to one thread (faster on few cores).</summary>
    public int MaxParallelPages { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Local OCR: the tesseract CLI, one process per reading, the image always on stdin (no copy of a
/// patient's record ever lands in a temp file). Pages are read as TSV, which carries each word's
/// confidence and its block, paragraph and line, from which the text is rebuilt line by line.
/// </summary>
public sealed class TesseractOcrEngine(TesseractOptions options, ILogger<TesseractOcrEngine> log) : IOcrEngine
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxParallelPages));
    private readonly Lazy<Task<IReadOnlySet<string>>> installedLanguages = new(() => ListLanguagesAsync(options));

    /// <summary>A page with no confident word and fewer than this many specks is blank; with more it is a picture or noise, not blank.</summary>
    private const int BlankPageMaxSpecks = 3;

    public string Engine => SecondOpinion.Core.Records.ReadingEngines.Tesseract;

    public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            var orientation = options.OrientationDetection == OrientationDetection.Always ? await DetectAsync(image, ct) : null;
            var reading = orientation is null
                ? new Reading(options.Language, 0, null)
                : await ReadingForAsync(orientation);
            var pages = await ReadAsync(image, reading, ct);

            if (orientation is null && options.OrientationDetection == OrientationDetection.WhenUnsure
                && pages is [{ Confidence: { } confidence } only] && (confidence < options.UnsureBelowConfidence || only.Sideways)
                && await DetectAsync(image, ct) is { } detected)
            {
                var better = await ReadingForAsync(detected);
                if (confidence >= options.UnsureBelowConfidence)
                {
                    // Read well already (tesseract straightened the sideways lines itself): only the turn is news.
                    pages = [only with { Page = only.Page with { RotationDegrees = better.RotationDegrees, Flags = FlagsOf(better) } }];
                }
                else if ((better.Language != reading.Language || better.RotationDegrees != 0)
                    && await ReadAsync(image, better, ct) is [var again] && (again.Confidence ?? 0) >= confidence)
                {
                    pages = [again];
                }
                else if (better.UnsupportedScript is { } script)
                {
                    pages = [only with { Page = only.Page with { Flags = [.. only.Page.Flags ?? [], OcrFlags.LanguageUnsupported(script)] } }];
                }
            }
            return pages.Select(p => p.Page).ToList();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>How to read a page: the language data, the rotation detection found, and a script that had no data.</summary>
    private sealed record Reading(string Language, int RotationDegrees, string? UnsupportedScript);

    private sealed record Orientation(int RotationDegrees, string? Script);

    private async Task<Reading> ReadingForAsync(Orientation orientation)
    {
        if (orientation.Script is not { } script) return new Reading(options.Language, orientation.RotationDegrees, null);
        var installed = await installedLanguages.Value;
        return options.Languages.TryGetValue(script, out var language) && language.Split('+').All(installed.Contains)
            ? new Reading(language, orientation.RotationDegrees, null)
            : new Reading(options.Language, orientation.RotationDegrees, script);
    }

    /// <summary>Orientation and script detection; null when tesseract finds too few letters to tell (a blank or near-blank page).</summary>
    private async Task<Orientation?> DetectAsync(byte[] image, CancellationToken ct)
    {
        var (exitCode, stdout, _) = await RunAsync(["stdin", "stdout", "--psm", "0"], image, ct);
        if (exitCode != 0) return null;
        int? rotation = null;
        string? script = null;
        foreach (var line in stdout.Split('\n'))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2) continue;
            if (parts[0] == "Orientation in degrees" && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var degrees)) rotation = OcrFlags.QuarterTurns(degrees);
            else if (parts[0] == "Script" && parts[1].Length > 0) script = parts[1];
        }
        return rotation is null ? null : new Orientation(rotation.Value, script);
    }

    /// <summary>A page as read, with whether its words lay sideways.</summary>
    private sealed record ReadPage(OcrPage Page, bool Sideways)
    {
        public double? Confidence => Page.Confidence;
    }

    private async Task<IReadOnlyList<ReadPage>> ReadAsync(byte[] image, Reading reading, CancellationToken ct)
    {
        // --psm 3 reads an upright page; --psm 1 lets tesseract turn a rotated one itself before reading,
        // so no image library has to decode and rotate the scan here.
        var psm = reading.RotationDegrees == 0 ? "3" : "1";
        var (exitCode, stdout, stderr) = await RunAsync(["stdin", "stdout", "-l", reading.Language, "--psm", psm, "tsv"], image, ct);
        if (exitCode != 0)
        {
            // stderr is tesseract's own diagnostics, not record content.
            log.LogWarning("tesseract exited with {ExitCode}: {Error}", exitCode, stderr.Trim());
            throw new InvalidOperationException($"tesseract exited with code {exitCode}.");
        }
        var pages = TesseractTsv.Parse(stdout);
        return pages.Select(page => page.Words == 0 && page.Specks < BlankPageMaxSpecks
                ? new ReadPage(OcrPage.Blank(reading.Language), false)
                : new ReadPage(new OcrPage(page.Text, page.Confidence, reading.RotationDegrees, reading.Language, FlagsOf(reading)) { Words = page.Words }, page.Sideways))
            .DefaultIfEmpty(new ReadPage(OcrPage.Blank(reading.Language), false))
            .ToList();
    }

    private static List<string> FlagsOf(Reading reading)
    {
        var flags = new List<string>();
        if (reading.RotationDegrees != 0) flags.Add(OcrFlags.Rotated(reading.RotationDegrees));
        if (reading.UnsupportedScript is { } script) flags.Add(OcrFlags.LanguageUnsupported(script));
        return flags;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> arguments, byte[]? stdin, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.ExecutablePath)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.PageTimeout);
        try
        {
            if (stdin is not null)
            {
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // tesseract closed its input early (an image it cannot read): its exit code says why.
                }
            }
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"tesseract took longer than {options.PageTimeout}.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<IReadOnlySet<string>> ListLanguagesAsync(TesseractOptions options)
    {
        var start = new ProcessStartInfo(options.ExecutablePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--list-langs");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var listing = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        // The first line names the data folder; each further line is one language.
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).ToHashSet(StringComparer.Ordinal);
    }
}
