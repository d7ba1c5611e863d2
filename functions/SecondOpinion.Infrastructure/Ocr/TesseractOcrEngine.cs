using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SecondOpinion.Infrastructure.Ocr;

public sealed record TesseractOptions
{
    public string ExecutablePath { get; init; } = "tesseract";
    public string Language { get; init; } = "eng";
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Pages OCR'd at once; tesseract itself is held to one thread (faster on 2 cores).</summary>
    public int MaxParallelPages { get; init; } = 2;
}

/// <summary>Local OCR: the tesseract CLI, one process per image.</summary>
public sealed class TesseractOcrEngine(TesseractOptions options, ILogger<TesseractOcrEngine> log) : IOcrEngine
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxParallelPages));

    public string Engine => SecondOpinion.Core.Records.ReadingEngines.Tesseract;

    public async Task<string> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            // The image goes in on stdin: no copy of a patient's record ever lands in a temp file.
            var start = new ProcessStartInfo(options.ExecutablePath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "stdin", "stdout", "-l", options.Language }) start.ArgumentList.Add(arg);
            start.Environment["OMP_THREAD_LIMIT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.PageTimeout);
            try
            {
                try
                {
                    await process.StandardInput.BaseStream.WriteAsync(image, timeout.Token);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // tesseract closed its input early (an image it cannot read): its exit code says why.
                }
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
            gate.Release();
        }
    }
}
