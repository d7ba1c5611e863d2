using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Samples;

var repositoryRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
if (args.FirstOrDefault() == "corpus")
{
    // `corpus`: writes the labelled records and their truth files to tests/records again.
    SecondOpinion.Bench.Records.RecordCorpusWriter.WriteAll(Path.Combine(repositoryRoot, "tests", "records"), Console.Out);
    return;
}

if (args.FirstOrDefault() == "records")
{
    // `records [--quick]`: reading quality against the labelled set, and reading speed against tesseract and PdfPig alone.
    await SecondOpinion.Bench.Records.RecordBench.RunAsync(Path.Combine(repositoryRoot, "tests", "records"), args.Contains("--quick"), Console.Out);
    return;
}

if (args.FirstOrDefault() == "history")
{
    // `history [--sizes 1000,100000] [--stores sqlite,cosmos] [--rounds 5]`: every everyday query with a small and a large past.
    string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
    var sizes = Option("--sizes", "1000,100000").Split(',').Select(int.Parse).ToArray();
    var stores = Option("--stores", "sqlite,cosmos").Split(',');
    var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    var rows = await SecondOpinion.Bench.HistoryBench.RunAsync(root, sizes[0], sizes[1], stores, int.Parse(Option("--rounds", "5")), Console.Out);
    Console.WriteLine($"| query | store | {sizes[0]:N0} past cases | {sizes[1]:N0} past cases | ratio |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (storeName, query, smallMs, largeMs) in rows)
        Console.WriteLine($"| {query} | {storeName} | {smallMs:0.###} ms | {largeMs:0.###} ms | {largeMs / smallMs:0.00}× |");
    return;
}

// Each benchmark is a pair: a baseline and a subject run in this process on this machine, reported
// as subject/baseline. Absolute times on shared 2-core machines vary; the ratios are what to compare.
var quick = args.Contains("--quick");
var rounds = quick ? 3 : 7;
var results = new List<(string Name, string Baseline, double BaselineMs, string Subject, double SubjectMs)>();

async Task<double> MedianMsAsync(Func<Task> action, int iterations)
{
    await action(); // warm-up
    var samples = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) await action();
        samples.Add(watch.Elapsed.TotalMilliseconds / iterations);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}

// 1. Reading records: a text-layer page (PdfPig) against a scanned page (tesseract, one thread).
var extractor = new RecordTextExtractor(new TesseractOcrEngine(new TesseractOptions(), NullLogger<TesseractOcrEngine>.Instance));
var textPdf = SampleRecords.TextPdf(SampleRecords.PathologyReport);
var scannedPdf = SampleRecords.ScannedNotePdf();
var textLayer = await MedianMsAsync(() => extractor.ExtractAsync(new MemoryStream(textPdf), "application/pdf"), 50);
var ocr = await MedianMsAsync(() => extractor.ExtractAsync(new MemoryStream(scannedPdf), "application/pdf"), 2);
results.Add(("read one record page", "text layer (PdfPig)", textLayer, "scanned page (tesseract)", ocr));

// 2. Matching: planning a 4-seat panel over a 75-specialist directory against one ten times larger.
static List<Specialist> Directory(int size) => Enumerable.Range(0, size).Select(i => new Specialist
{
    Id = $"sp-{i:D5}",
    Name = $"Dr. {i}",
    Subspecialties = [new[] { "medical-oncology", "urologic-oncology", "surgical-oncology", "pathology", "cardiology" }[i % 5]],
    LicensedJurisdictions = i % 3 == 0 ? ["US-OH"] : ["US-PA", "US-OH"],
    Languages = i % 4 == 0 ? ["es"] : ["en"],
    Affiliations = i % 7 == 0 ? ["hosp-a"] : [],
    YearsExperience = i % 30,
    MaxActiveCases = 5,
}).ToList();
string[] seats = ["medical-oncology", "urologic-oncology", "surgical-oncology", "pathology"];
var small = Directory(75);
var large = Directory(750);
var loads = new Dictionary<string, int>();
var context = new MatchContext("US-OH", "en", "hosp-a", DateTimeOffset.UtcNow, new HashSet<string>());
var planSmall = await MedianMsAsync(() => { SpecialistMatcher.PlanPanel(seats, small, loads, context); return Task.CompletedTask; }, 2000);
var planLarge = await MedianMsAsync(() => { SpecialistMatcher.PlanPanel(seats, large, loads, context); return Task.CompletedTask; }, 200);
results.Add(("plan a 4-seat panel", "75 specialists", planSmall, "750 specialists", planLarge));
// The seeded sample directory (generated, 545 people in every subspecialty and two countries) against its original 75 entries.
var sample = SecondOpinion.SampleDirectory.SampleDirectoryGenerator.Generate().Specialists;
var original = sample.Take(75).ToList();
var sampleContext = new MatchContext("US-OH", "en", "hosp-stmary", new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), new HashSet<string>());
var planOriginal = await MedianMsAsync(() => { SpecialistMatcher.PlanPanel(seats, original, loads, sampleContext); return Task.CompletedTask; }, 2000);
var planSample = await MedianMsAsync(() => { SpecialistMatcher.PlanPanel(seats, sample, loads, sampleContext); return Task.CompletedTask; }, 500);
results.Add(("plan a 4-seat panel, sample directory", "original 75", planOriginal, $"generated {sample.Count}", planSample));

// 3. State: an optimistic read-modify-write against a plain read in the SQLite store.
var dbPath = Path.Combine(Path.GetTempPath(), $"so-bench-{Guid.NewGuid():N}.db");
var store = new SqliteDocumentStore(dbPath);
await store.TryCreateAsync("bench", "p", "doc", new { Id = "doc", Counter = 0 });
var read = await MedianMsAsync(() => store.ReadAsync<System.Text.Json.JsonElement>("bench", "p", "doc"), 500);
var update = await MedianMsAsync(() => store.UpdateAsync<System.Text.Json.JsonElement>("bench", "p", "doc", d => d), 200);
results.Add(("case document in SQLite", "read", read, "read-modify-write with ETag", update));
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);

Console.WriteLine($"| benchmark | baseline | subject | ratio (subject / baseline) |");
Console.WriteLine($"|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.Baseline}: {r.BaselineMs:0.###} ms | {r.Subject}: {r.SubjectMs:0.###} ms | {r.SubjectMs / r.BaselineMs:0.0}× |");
