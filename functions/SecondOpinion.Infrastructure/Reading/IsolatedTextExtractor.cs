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

    /// <summary><c>process</c> (the default): each file in a bounded (warm, reused) child process; <c>in-process</c>: in the host, unbounded.</summary>
    public string Isolation { get; init; } = "process";

    public bool InProcess => Isolation.Replace("-", "").Equals("inprocess", StringComparison.OrdinalIgnoreCase);

    public bool IsValid => (InProcess || Isolation.Equals("process", StringComparison.OrdinalIgnoreCase))
        && Timeout > TimeSpan.Zero && MaxMemoryMb >= 64 && MaxConcurrentReaders >= 1 && MaxOutputMb >= 1 && MaxFilesPerReader >= 1;

    /// <summary>Wall-clock limit for reading one file, OCR included; past it the reader's process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The reader's managed-heap limit (DOTNET_GCHeapHardLimit).</summary>
    public int MaxMemoryMb { get; init; } = 1024;

    /// <summary>Readers running at once in this host (each may use up to <see cref="MaxMemoryMb"/>).</summary>
    public int MaxConcurrentReaders { get; init; } = 2;

    /// <summary>The reader's answer is pages of text; more than this is not a record.</summary>
    public int MaxOutputMb { get; init; } = 64;

    /// <summary>Files one warm reader reads before it is replaced by a fresh process.</summary>
    public int MaxFilesPerReader { get; init; } = 100;
}

/// <summary>
/// Reads each untrusted file in a child process (<c>dotnet SecondOpinion.RecordReader.dll --serve</c>,
/// next to the host's assemblies) with a wall-clock timeout (the process tree is killed) and a managed
/// heap limit (<c>DOTNET_GCHeapHardLimit</c>), so a file that overflows the parser's stack, exhausts memory or never finishes costs
/// one child, never the host. Starting .NET costs about half a second, so readers are kept warm: up
/// to <see cref="RecordReadingOptions.MaxConcurrentReaders"/> of them, each reading one file at a time
/// and replaced after <see cref="RecordReadingOptions.MaxFilesPerReader"/> files, after a crash, a
/// timeout or a cancelled read. The file goes in on stdin and the pages come back as JSON on stdout
/// (<see cref="RecordReaderProtocol"/>): no copy of a record lands in a temp file. A crash is
/// <c>too-complex</c>, the timeout <c>timed-out</c>; both come back as an <see cref="UnreadableRecordException"/>,
/// so the activity marks the document and the workflow does not retry it. Disposing kills every reader;
/// a reader whose host died sees its stdin close and ends.
/// </summary>
public sealed class IsolatedTextExtractor(RecordReadingOptions options, RecordReaderSettings settings, ILogger<IsolatedTextExtractor> log) : ITextExtractor, IDisposable
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxConcurrentReaders));
    private readonly string settingsJson = JsonSerializer.Serialize(settings, SecondOpinionJson.Options);
    private readonly Lock workersLock = new();
    private readonly Stack<Worker> idle = new();
    private readonly HashSet<Worker> running = [];
    private bool disposed;
    private int readersStarted;

    public static string ReaderPath => Path.Combine(AppContext.BaseDirectory, RecordReaderProtocol.AssemblyFileName);

    /// <summary>Reader processes started so far (tests: warm readers are reused, and replaced after a crash).</summary>
    internal int ReadersStarted => Volatile.Read(ref readersStarted);

    /// <summary>Process ids of the readers alive now, busy or idle.</summary>
    internal IReadOnlyList<int> ReaderProcessIds
    {
        get
        {
            lock (workersLock) return [.. running.Select(w => w.Process.Id)];
        }
    }

    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!File.Exists(ReaderPath)) throw new FileNotFoundException($"The record reader is not deployed next to the host ({RecordReaderProtocol.AssemblyFileName}).");
        await gate.WaitAsync(ct);
        try
        {
            return await ReadAsync(content, AcceptedDocuments.Normalize(contentType), ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ExtractedText> ReadAsync(Stream content, string contentType, CancellationToken ct)
    {
        var worker = TakeIdle() ?? Start();
        var keep = false;
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        var answer = RecordReaderProtocol.ReadAnswerAsync(worker.Output, (long)options.MaxOutputMb * 1024 * 1024, deadline.Token);
        try
        {
            try
            {
                await RecordReaderProtocol.WriteRequestAsync(worker.Input, contentType, content, deadline.Token);
            }
            catch (IOException)
            {
                // The reader stopped reading (it crashed, or gave up on the file): its answer or its end says why.
            }
            RecordReaderResult? result;
            try
            {
                result = await answer;
            }
            catch (InvalidDataException)
            {
                log.LogWarning("The record reader wrote more than {MaxOutputMb} MB", options.MaxOutputMb);
                throw new UnreadableRecordException(ReadingProblems.TooComplex);
            }
            catch (IOException)
            {
                result = null;
            }
            if (result is null)
            {
                // stdout ended mid-request. Exit 134: SIGABRT (a stack overflow, or an unhandled fatal error); 137: SIGKILL (the kernel's OOM killer); 3: managed heap exhausted.
                log.LogWarning("The record reader ended with exit code {ExitCode} after {Elapsed} ms", await ExitCodeOf(worker), (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                throw new UnreadableRecordException(ReadingProblems.TooComplex);
            }
            worker.FilesRead++;
            // A reader that ran out of heap answers too-complex and ends: never hand it the next file.
            keep = result.Problem != ReadingProblems.TooComplex && worker.FilesRead < options.MaxFilesPerReader;
            if (result.Problem is { } problem) throw new UnreadableRecordException(ReadingProblems.IsKnown(problem) ? problem : ReadingProblems.Damaged);
            if (result.Pages is null || result.Method is null) throw new UnreadableRecordException(ReadingProblems.TooComplex);
            return new ExtractedText(result.Pages, result.Method.Value);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            keep = false;
            Retire(worker);
            await Observe(answer);
            if (ct.IsCancellationRequested) throw;
            log.LogWarning("The record reader took longer than {Timeout} and was stopped", options.Timeout);
            throw new UnreadableRecordException(ReadingProblems.TimedOut);
        }
        finally
        {
            if (keep) ReturnIdle(worker);
            else Retire(worker);
        }
    }

    private Worker? TakeIdle()
    {
        lock (workersLock)
        {
            while (idle.TryPop(out var worker))
            {
                if (!worker.Process.HasExited) return worker;
                running.Remove(worker);
                worker.Dispose();
            }
        }
        return null;
    }

    private void ReturnIdle(Worker worker)
    {
        lock (workersLock)
        {
            if (!disposed)
            {
                idle.Push(worker);
                return;
            }
        }
        Retire(worker);
    }

    private void Retire(Worker worker)
    {
        lock (workersLock)
        {
            if (!running.Remove(worker)) return;
        }
        Kill(worker.Process);
        worker.Dispose();
    }

    private Worker Start()
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
        start.ArgumentList.Add(RecordReaderProtocol.ServeArgument);
        start.Environment[RecordReaderProtocol.SettingsVariable] = settingsJson;
        // Not an address-space limit (prlimit --as): the runtime reserves address space by processor
        // count, so a limit that lets it start on one machine kills it while loading assemblies on another.
        // The limit is per reader, shared by the files it reads one after another (it collects between them).
        start.Environment["DOTNET_GCHeapHardLimit"] = ((long)options.MaxMemoryMb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        // One small heap: the reader is single-purpose, and server GC would reserve a heap per core.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCHeapCount"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = Process.Start(start) ?? throw new InvalidOperationException("The record reader did not start.");
        Interlocked.Increment(ref readersStarted);
        // The reader's stderr is runtime diagnostics (a stack trace on a crash): drained, never logged.
        _ = DrainAsync(process.StandardError.BaseStream);
        var worker = new Worker(process);
        lock (workersLock)
        {
            if (disposed)
            {
                Kill(process);
                worker.Dispose();
                throw new ObjectDisposedException(nameof(IsolatedTextExtractor));
            }
            running.Add(worker);
        }
        return worker;
    }

    /// <summary>Kills every reader, idle or busy (a busy one's caller gets <c>too-complex</c>).</summary>
    public void Dispose()
    {
        List<Worker> all;
        lock (workersLock)
        {
            if (disposed) return;
            disposed = true;
            all = [.. running];
            running.Clear();
            idle.Clear();
        }
        foreach (var worker in all)
        {
            Kill(worker.Process);
            worker.Dispose();
        }
    }

    private static async Task<string> ExitCodeOf(Worker worker)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await worker.Process.WaitForExitAsync(wait.Token);
            return worker.Process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidDataException or ObjectDisposedException)
        {
            // The reader was killed: what it half-wrote is of no interest.
        }
    }

    /// <summary>Reads to the end and keeps nothing: a crashing runtime writes megabytes of stack trace, and must not block on a full pipe.</summary>
    private static async Task DrainAsync(Stream stream)
    {
        var chunk = new byte[16384];
        try
        {
            while (await stream.ReadAsync(chunk) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The reader is gone.
        }
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

    private sealed class Worker(Process process) : IDisposable
    {
        public Process Process { get; } = process;
        public Stream Input { get; } = process.StandardInput.BaseStream;
        public Stream Output { get; } = process.StandardOutput.BaseStream;
        public int FilesRead { get; set; }

        public void Dispose() => Process.Dispose();
    }
}
