using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Records;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SecondOpinion.Infrastructure.Ocr;

public sealed record TesseractOptions
{
    public string ExecutablePath { get; init; } = "tesseract";
    public string Language { get; init; } = "eng";
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Pages OCR'd at once; tesseract itself is held to one thread (faster on 2 cores).</summary>
    public int MaxParallelPages { get; init; } = 2;
}

/// <summary>
/// Local OCR adapter: a PDF's text layer through PdfPig where a page has letters; tesseract for
/// scanned pages (their embedded images) and for image files.
/// </summary>
public sealed class LocalTextExtractor(TesseractOptions options, ILogger<LocalTextExtractor> log) : ITextExtractor
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxParallelPages));

    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        return AcceptedDocuments.Normalize(contentType) switch
        {
            "application/pdf" => await ExtractPdfAsync(bytes, ct),
            "text/plain" => new ExtractedText(Encoding.UTF8.GetString(bytes), ExtractionMethod.TextLayer, 1, 0),
            "image/png" => new ExtractedText(await OcrAsync(bytes, ".png", ct), ExtractionMethod.Ocr, 1, 1),
            "image/jpeg" => new ExtractedText(await OcrAsync(bytes, ".jpg", ct), ExtractionMethod.Ocr, 1, 1),
            "image/tiff" => new ExtractedText(await OcrAsync(bytes, ".tif", ct), ExtractionMethod.Ocr, 1, 1),
            var other => throw new NotSupportedException($"No text extraction for {other}."),
        };
    }

    private async Task<ExtractedText> ExtractPdfAsync(byte[] bytes, CancellationToken ct)
    {
        using var pdf = PdfDocument.Open(bytes);
        var pageTexts = new string[pdf.NumberOfPages];
        var ocrPages = new List<(int Index, byte[] Image, string Extension)>();
        foreach (var page in pdf.GetPages())
        {
            var index = page.Number - 1;
            if (page.Letters.Count > 0)
            {
                pageTexts[index] = ContentOrderTextExtractor.GetText(page);
                continue;
            }
            pageTexts[index] = "";
            foreach (var image in page.GetImages())
            {
                if (image.TryGetPng(out var png)) ocrPages.Add((index, png, ".png"));
                else if (image.RawBytes.Length > 3 && image.RawBytes[0] == 0xFF && image.RawBytes[1] == 0xD8) ocrPages.Add((index, image.RawBytes.ToArray(), ".jpg"));
            }
        }
        var ocrResults = await Task.WhenAll(ocrPages.Select(async p => (p.Index, Text: await OcrAsync(p.Image, p.Extension, ct))));
        foreach (var (index, text) in ocrResults) pageTexts[index] = (pageTexts[index] + "\n" + text).Trim();

        var ocrPageCount = ocrPages.Select(p => p.Index).Distinct().Count();
        var method = ocrPageCount == 0 ? ExtractionMethod.TextLayer : ocrPageCount == pdf.NumberOfPages ? ExtractionMethod.Ocr : ExtractionMethod.Mixed;
        return new ExtractedText(string.Join("\n\f\n", pageTexts).Trim(), method, pdf.NumberOfPages, ocrPageCount);
    }

    private async Task<string> OcrAsync(byte[] image, string extension, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        var input = Path.Combine(Path.GetTempPath(), $"so-ocr-{Guid.NewGuid():N}{extension}");
        try
        {
            await File.WriteAllBytesAsync(input, image, ct);
            var start = new ProcessStartInfo(options.ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(input);
            start.ArgumentList.Add("stdout");
            start.ArgumentList.Add("-l");
            start.ArgumentList.Add(options.Language);
            start.Environment["OMP_THREAD_LIMIT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.PageTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"tesseract took longer than {options.PageTimeout}.");
            }
            if (process.ExitCode != 0)
            {
                // stderr is tesseract's own diagnostics, not record content.
                log.LogWarning("tesseract exited with {ExitCode}: {Error}", process.ExitCode, (await stderr).Trim());
                throw new InvalidOperationException($"tesseract exited with code {process.ExitCode}.");
            }
            return (await stdout).Trim();
        }
        finally
        {
            File.Delete(input);
            gate.Release();
        }
    }
}
