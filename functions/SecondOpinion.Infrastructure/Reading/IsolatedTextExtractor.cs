using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>Section <c>Records</c>: how untrusted files are read.</summary>
public sealed record RecordReadingOptions
{
    public const string Section = "Records";

    /// <summary><c>process</c> (the default): each file in a bounded child process; <c>in-process</c>: in the host, unbounded.</summary>
    public string Isolation { get; init; } = "process";

    public bool InProcess => Isolation.Replace("-", "").Equals("inprocess", StringComparison.OrdinalIgnoreCase);

    public bool IsValid => (InProcess || Isolation.Equals("process", StringComparison.OrdinalIgnoreCase))
        && Timeout > TimeSpan.Zero && MaxMemoryMb >= 64 && MaxConcurrentReaders >= 1 && MaxOutputMb >= 1;

    /// <summary>Wall-clock limit for reading one file, OCR included; past it the reader's process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The reader's managed-heap limit (DOTNET_GCHeapHardLimit).</summary>
    public int MaxMemoryMb { get; init; } = 1024;

    /// <summary>Readers running at once in this host (each may use up to <see cref="MaxMemoryMb"/>).</summary>
    public int MaxConcurrentReaders { get; init; } = 2;

    /// <summary>The reader's answer is pages of text; more than this is not a record.</summary>
    public int MaxOutputMb { get; init; } = 64;
}

/// <summary>
/// Reads each untrusted file in a child process (<c>dotnet SecondOpinion.RecordReader.dll</c>, next
/// to the host's assemblies) with a wall-clock timeout (the process tree is killed) and a managed
/// heap limit (<c>DOTNET_GCHeapHardLimit</c>), so a file that overflows the parser's stack, exhausts memory or never finishes costs
/// one child, never the host. The file goes in on stdin and the pages come back as JSON on stdout:
/// no copy of a record lands in a temp file. A crash is <c>too-complex</c>, the timeout
/// <c>timed-out</c>; both come back as an <see cref="UnreadableRecordException"/>, so the activity
/// marks the document and the workflow does not retry it.
/// </summary>
public sealed class IsolatedTextExtractor(RecordReadingOptions options, RecordReaderSettings settings, ILogger<IsolatedTextExtractor> log) : ITextExtractor
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxConcurrentReaders));
    private readonly string settingsJson = JsonSerializer.Serialize(settings, SecondOpinionJson.Options);

    public static string ReaderPath => Path.Combine(AppContext.BaseDirectory, RecordReaderProtocol.AssemblyFileName);

    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        if (!File.Exists(ReaderPath)) throw new FileNotFoundException($"The record reader is not deployed next to the host ({RecordReaderProtocol.AssemblyFileName}).");
        await gate.WaitAsync(ct);
        try
        {
            return await RunAsync(content, contentType, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ExtractedText> RunAsync(Stream content, string contentType, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.FileName = DotnetHost();
        start.ArgumentList.Add(ReaderPath);
        start.ArgumentList.Add(AcceptedDocuments.Normalize(contentType));
        start.Environment[RecordReaderProtocol.SettingsVariable] = settingsJson;
        // Not an address-space limit (prlimit --as): the runtime reserves address space by processor
        // count, so a limit that lets it start on one machine kills it while loading assemblies on another.
        start.Environment["DOTNET_GCHeapHardLimit"] = ((long)options.MaxMemoryMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        // One small heap: the reader is single-purpose, and server GC would reserve a heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapCount"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The record reader did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        var output = ReadBoundedAsync(process.StandardOutput.BaseStream, (long)options.MaxOutputMb * 1024 * 1024, deadline.Token);
        // The reader's stderr is runtime diagnostics (a stack trace on a crash): drained, counted, never logged.
        var diagnostics = DrainAsync(process.StandardError.BaseStream, deadline.Token);
        try
        {
            try
            {
                await content.CopyToAsync(process.StandardInput.BaseStream, deadline.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The reader stopped reading (it crashed, or gave up early): its exit code says why.
            }
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            if (ct.IsCancellationRequested) throw;
            log.LogWarning("The record reader took longer than {Timeout} and was stopped", options.Timeout);
            throw new UnreadableRecordException(ReadingProblems.TimedOut);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        byte[] answer;
        try
        {
            answer = await output;
            await diagnostics;
        }
        catch (InvalidDataException)
        {
            log.LogWarning("The record reader wrote more than {MaxOutputMb} MB", options.MaxOutputMb);
            throw new UnreadableRecordException(ReadingProblems.TooComplex);
        }
        if (process.ExitCode != RecordReaderProtocol.Answered)
        {
            // 134: SIGABRT (a stack overflow, or an unhandled fatal error); 137: SIGKILL (the kernel's OOM killer); 3: managed heap exhausted.
            log.LogWarning("The record reader ended with exit code {ExitCode} after {Elapsed} ms", process.ExitCode, (int)elapsed.TotalMilliseconds);
            throw new UnreadableRecordException(ReadingProblems.TooComplex);
        }
        var result = JsonSerializer.Deserialize<RecordReaderResult>(answer, SecondOpinionJson.Options)
            ?? throw new UnreadableRecordException(ReadingProblems.TooComplex);
        if (result.Problem is { } problem) throw new UnreadableRecordException(ReadingProblems.IsKnown(problem) ? problem : ReadingProblems.Damaged);
        if (result.Pages is null || result.Method is null) throw new UnreadableRecordException(ReadingProblems.TooComplex);
        return new ExtractedText(result.Pages, result.Method.Value);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit) throw new InvalidDataException("The reader's output exceeds its limit.");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads to the end and keeps nothing: a crashing runtime writes megabytes of stack trace, and must not block on a full pipe.</summary>
    private static async Task<long> DrainAsync(Stream stream, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0) total += n;
        return total;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }

    /// <summary>The dotnet host running this process (the Functions worker, tests), or the one the SDK or DOTNET_ROOT names, or the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost && File.Exists(sdkHost)) return sdkHost;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
