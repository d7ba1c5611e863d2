using SecondOpinion.Tests.Support;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Reading;
using SecondOpinion.Samples;
using Xunit.Abstractions;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The reader child process against files built to hurt a parser: each is stopped by its bound
/// (stack, heap, wall clock), comes back as a reading problem, and the host — this test process —
/// goes on to read the next normal file.
/// </summary>
[Collection(RecordSandboxTests.Readers)]
public sealed class RecordSandboxTests(ITestOutputHelper output)
{
    /// <summary>One at a time: the timeout test checks that no reader of this process is left running.</summary>
    public const string Readers = "record readers";

    public static IsolatedTextExtractor Isolated(TimeSpan? timeout = null, int maxMemoryMb = 512, int maxConcurrentReaders = 2, int maxFilesPerReader = 100) =>
        new(new RecordReadingOptions
        {
            Timeout = timeout ?? TimeSpan.FromMinutes(2),
            MaxMemoryMb = maxMemoryMb,
            MaxConcurrentReaders = maxConcurrentReaders,
            MaxFilesPerReader = maxFilesPerReader,
        }, new RecordReaderSettings(), NullLogger<IsolatedTextExtractor>.Instance);

    public static CheckedRecordReader InProcess() =>
        new(new RecordTextExtractor(new TesseractOcrEngine(new TesseractOptions(), NullLogger<TesseractOcrEngine>.Instance)), ImageLimits.Default);

    /// <summary>What the records activity would decide: the reader's typed failure, or the verdict on its pages.</summary>
    public static async Task<string?> ProblemOf(ITextExtractor reader, byte[] file, string contentType)
    {
        try
        {
            return ReadingVerdict.Of(await reader.ExtractAsync(new MemoryStream(file), contentType)).Problem?.Code;
        }
        catch (UnreadableRecordException unreadable)
        {
            return unreadable.Code;
        }
    }

    private static async Task ANormalRecordStillReads(ITextExtractor reader)
    {
        var text = await reader.ExtractAsync(new MemoryStream(SampleRecords.TextPdf(SampleRecords.PathologyReport)), "application/pdf");
        Assert.Contains("Gleason score 3 + 4 = 7", text.Text);
    }

    [Fact]
    public async Task a_pdf_that_overflows_the_parsers_stack_is_too_complex_and_the_host_reads_on()
    {
        using var reader = Isolated();
        Assert.Equal(ReadingProblems.TooComplex, await ProblemOf(reader, CraftedRecords.FormChainPdf(30_000), "application/pdf"));
        await ANormalRecordStillReads(reader);
    }

    [Fact]
    public async Task an_allocation_past_the_memory_bound_is_too_complex_and_the_host_reads_on()
    {
        // 40 MB of text becomes 80 MB of string after two copies of the bytes: past a 64 MB heap.
        using var reader = Isolated(maxMemoryMb: 64);
        var text = Encoding.ASCII.GetBytes(new string('a', 40 * 1024 * 1024));
        Assert.Equal(ReadingProblems.TooComplex, await ProblemOf(reader, text, "text/plain"));
        await ANormalRecordStillReads(reader);
    }

    [Fact]
    public async Task a_decompression_bomb_is_held_to_the_memory_bound_and_not_taken_for_a_record()
    {
        var bomb = CraftedRecords.FlateBombPdf(768);
        output.WriteLine($"bomb: {bomb.Length / 1024} KB inflating to 768 MB");
        using var reader = Isolated(maxMemoryMb: 256);
        var hostBefore = Process.GetCurrentProcess().WorkingSet64;
        var started = Stopwatch.StartNew();
        var problem = await ProblemOf(reader, bomb, "application/pdf");
        output.WriteLine($"bomb verdict {problem} in {started.ElapsedMilliseconds} ms; host working set {hostBefore >> 20} → {Process.GetCurrentProcess().WorkingSet64 >> 20} MB");
        Assert.NotNull(problem);
        Assert.True(Process.GetCurrentProcess().WorkingSet64 - hostBefore < 200L * 1024 * 1024, "the host itself did not inflate the bomb");
        await ANormalRecordStillReads(reader);
    }

    [Fact]
    public async Task a_file_that_takes_too_long_is_timed_out_its_process_tree_killed_and_the_host_reads_on()
    {
        // The scanned note needs tesseract (about a second here); 300 ms is not enough.
        using var reader = Isolated(TimeSpan.FromMilliseconds(300));
        var started = Stopwatch.StartNew();
        Assert.Equal(ReadingProblems.TimedOut, await ProblemOf(reader, SampleRecords.ScannedNotePdf(), "application/pdf"));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"stopped at the timeout, not when the reader finished ({started.Elapsed})");
        Assert.Empty(reader.ReaderProcessIds);
        Assert.DoesNotContain(Process.GetProcesses(), p => ParentOf(p) == Environment.ProcessId && CommandLineOf(p).Contains(RecordReaderProtocol.AssemblyFileName));
        using var patient = Isolated();
        await ANormalRecordStillReads(patient);
    }

    [Fact]
    public async Task the_child_reads_a_normal_record_exactly_as_the_host_would_and_what_it_costs()
    {
        var pdf = SampleRecords.TextPdf(SampleRecords.PathologyReport);
        var inProcess = InProcess();
        using var isolated = Isolated();
        var expected = await inProcess.ExtractAsync(new MemoryStream(pdf), "application/pdf"); // warm-up
        var actual = await isolated.ExtractAsync(new MemoryStream(pdf), "application/pdf");
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.PageTexts, actual.PageTexts, (a, b) => a.Number == b.Number && a.Text == b.Text && a.Engine == b.Engine);

        const int runs = 20;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) await inProcess.ExtractAsync(new MemoryStream(pdf), "application/pdf");
        var inProcessMs = clock.Elapsed.TotalMilliseconds / runs;
        clock.Restart();
        for (var i = 0; i < runs; i++) await isolated.ExtractAsync(new MemoryStream(pdf), "application/pdf");
        var isolatedMs = clock.Elapsed.TotalMilliseconds / runs;
        output.WriteLine($"text-layer PDF, mean of {runs}: in-process {inProcessMs:F1} ms, warm child process {isolatedMs:F1} ms");
    }

    [Fact]
    public async Task many_files_in_a_row_are_read_by_one_warm_reader()
    {
        using var reader = Isolated();
        await ANormalRecordStillReads(reader);
        var first = Assert.Single(reader.ReaderProcessIds);
        for (var i = 0; i < 10; i++) await ANormalRecordStillReads(reader);
        Assert.Equal(ReadingProblems.PasswordProtected, await ProblemOf(reader, CraftedRecords.PasswordProtectedPdf(), "application/pdf"));
        await ANormalRecordStillReads(reader);
        Assert.Equal(1, reader.ReadersStarted);
        Assert.Equal(first, Assert.Single(reader.ReaderProcessIds));
    }

    [Fact]
    public async Task a_crash_in_a_sequence_costs_that_reader_and_a_fresh_one_reads_on()
    {
        using var reader = Isolated();
        await ANormalRecordStillReads(reader);
        var first = Assert.Single(reader.ReaderProcessIds);
        Assert.Equal(ReadingProblems.TooComplex, await ProblemOf(reader, CraftedRecords.FormChainPdf(30_000), "application/pdf"));
        Assert.Empty(reader.ReaderProcessIds);
        await ANormalRecordStillReads(reader);
        Assert.Equal(ReadingProblems.PasswordProtected, await ProblemOf(reader, CraftedRecords.PasswordProtectedPdf(), "application/pdf"));
        await ANormalRecordStillReads(reader);
        Assert.Equal(2, reader.ReadersStarted);
        Assert.NotEqual(first, Assert.Single(reader.ReaderProcessIds));
    }

    [Fact]
    public async Task a_reader_that_ran_out_of_heap_is_replaced_before_the_next_file()
    {
        using var reader = Isolated(maxMemoryMb: 64);
        await ANormalRecordStillReads(reader);
        Assert.Equal(ReadingProblems.TooComplex, await ProblemOf(reader, Encoding.ASCII.GetBytes(new string('a', 40 * 1024 * 1024)), "text/plain"));
        for (var i = 0; i < 3; i++) await ANormalRecordStillReads(reader);
        Assert.Equal(2, reader.ReadersStarted);
    }

    [Fact]
    public async Task concurrent_reads_use_up_to_the_pool_size_of_readers_and_each_gets_its_own_answer()
    {
        using var reader = Isolated(maxConcurrentReaders: 2);
        var files = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? (File: SampleRecords.TextPdf(SampleRecords.PathologyReport), Expected: (string?)null)
            : (File: CraftedRecords.PasswordProtectedPdf(), Expected: ReadingProblems.PasswordProtected)).ToList();
        var answers = await Task.WhenAll(files.Select(f => ProblemOf(reader, f.File, "application/pdf")));
        Assert.Equal(files.Select(f => f.Expected), answers);
        Assert.InRange(reader.ReadersStarted, 1, 2);
        var texts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => reader.ExtractAsync(new MemoryStream(SampleRecords.TextPdf(SampleRecords.PathologyReport)), "application/pdf")));
        Assert.All(texts, text => Assert.Contains("Gleason score 3 + 4 = 7", text.Text));
        Assert.InRange(reader.ReadersStarted, 1, 2);
    }

    [Fact]
    public async Task a_reader_is_replaced_after_its_quota_of_files_and_all_are_killed_on_dispose()
    {
        var reader = Isolated(maxFilesPerReader: 3);
        for (var i = 0; i < 7; i++) await ANormalRecordStillReads(reader);
        Assert.Equal(3, reader.ReadersStarted);
        var alive = Assert.Single(reader.ReaderProcessIds);
        reader.Dispose();
        Assert.Empty(reader.ReaderProcessIds);
        var deadline = Stopwatch.StartNew();
        while (Process.GetProcesses().Any(p => p.Id == alive && ParentOf(p) == Environment.ProcessId) && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        Assert.DoesNotContain(Process.GetProcesses(), p => ParentOf(p) == Environment.ProcessId && CommandLineOf(p).Contains(RecordReaderProtocol.AssemblyFileName));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reader.ExtractAsync(new MemoryStream(SampleRecords.TextPdf(SampleRecords.PathologyReport)), "application/pdf"));
    }

    private static string CommandLineOf(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int? ParentOf(Process process)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
