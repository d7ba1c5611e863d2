using System.Diagnostics;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;
using SecondOpinion.DevServers;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;

namespace SecondOpinion.Bench;

/// <summary>
/// Flat in history: every everyday query of the product, against a store holding the same current
/// work (open cases, offers, escalations, batches) plus 1,000 or 100,000 finished cases with their
/// assignments, escalations, batches and audit entries. Reported as the ratio 100k/1k per query and
/// store; the goal is at most 1.5×.
/// </summary>
public static class HistoryBench
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>History grows in time at a steady 30 cases a day: 1,000 cases span 33 days, 100,000 span nine years.</summary>
    private static readonly TimeSpan Between = TimeSpan.FromMinutes(48);

    /// <summary>A month both histories cover in full.</summary>
    private static readonly DateOnly PastMonth = new(2026, 1, 1);
    private const int Specialists = 30, OpenCases = 200, OpenEscalations = 25, OpenBatches = 10;
    private const string Target = "c0000000000000000";

    private sealed record Repositories(IDocumentStore Store, CaseRepository Cases, AssignmentRepository Assignments, EscalationRepository Escalations,
        BatchRepository Batches, AuditLog Audit, SpecialistDirectory Directory);

    public static async Task<IReadOnlyList<(string Store, string Query, double SmallMs, double LargeMs)>> RunAsync(string repositoryRoot, int small, int large, IReadOnlyCollection<string> stores, int rounds, TextWriter log)
    {
        var results = new List<(string, string, double, double)>();
        foreach (var storeName in stores)
        {
            var timings = new Dictionary<int, Dictionary<string, double>>();
            foreach (var history in new[] { small, large })
            {
                await using var backend = await OpenAsync(storeName, repositoryRoot, history);
                var repos = Wire(backend.Store);
                var seed = Stopwatch.StartNew();
                await SeedCurrentWorkAsync(repos);
                await SeedHistoryAsync(repos, history, storeName == "cosmos" ? 48 : 4, log, storeName);
                log.WriteLine($"[{storeName}] {history:N0} past cases seeded in {seed.Elapsed.TotalSeconds:0} s");
                await MeasureAsync(repos, 1); // JIT, pools and the server's query cache warm for both sizes alike
                timings[history] = await MeasureAsync(repos, rounds);
            }
            foreach (var (query, ms) in timings[small]) results.Add((storeName, query, ms, timings[large][query]));
        }
        return results;
    }

    private sealed class Backend(IDocumentStore store, Func<ValueTask> dispose) : IAsyncDisposable
    {
        public IDocumentStore Store { get; } = store;
        public ValueTask DisposeAsync() => dispose();
    }

    private static async Task<Backend> OpenAsync(string name, string repositoryRoot, int history)
    {
        if (name == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), $"so-history-{history}-{Guid.NewGuid():N}.db");
            return new Backend(new SqliteDocumentStore(path), () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
                return ValueTask.CompletedTask;
            });
        }
        // A fresh server per history size, with room for a million documents in its heap.
        var server = await LocalCosmosServer.StartAsync(repositoryRoot, 18000 + history % 1000, "--max-old-space-size=12288");
        var client = server.CreateClient(maxConnections: 64);
        return new Backend(new CosmosDocumentStore(client, "history", createIfNotExists: true), async () =>
        {
            client.Dispose();
            await server.DisposeAsync();
        });
    }

    private static Repositories Wire(IDocumentStore store)
    {
        var assignments = new AssignmentRepository(store);
        return new Repositories(store, new CaseRepository(store), assignments, new EscalationRepository(store), new BatchRepository(store, TimeProvider.System),
            new AuditLog(new AuditRepository(store), TimeProvider.System), new SpecialistDirectory(new SpecialistRepository(store), assignments));
    }

    private static string CaseId(int i) => $"c{i:x16}";

    private static CaseFile Case(string id, CaseStage stage, DateTimeOffset created, DateTimeOffset? due, DateTimeOffset? completed)
    {
        var timeline = new List<TimelineEntry> { new(created, CaseStage.Intake, "Case created; waiting for records.", true) };
        var at = created;
        foreach (var s in new[] { CaseStage.Records, CaseStage.Triage, CaseStage.Matching, CaseStage.Review, CaseStage.Consensus, CaseStage.Report, CaseStage.Completed })
        {
            if (s > stage) break;
            at = at.AddHours(6);
            timeline.Add(new TimelineEntry(at, s, $"Moved to {s}.", true, CaseFile.StageKey(s)));
        }
        return new CaseFile
        {
            Id = id,
            Source = CaseSource.Patient,
            OwnerSubject = $"patient-{id}",
            Patient = new PatientDetails("Sample Patient", new DateOnly(1960, 1, 1), "sample@example.org", "en", "US-OH"),
            Consent = new ConsentRecord(true, "2026-01", created),
            Category = CaseCategory.Cardiac,
            Question = "Is surgical valve replacement necessary?",
            Tier = ServiceTier.Standard,
            Stage = stage,
            CreatedAt = created,
            RecordsCompletedAt = created.AddHours(1),
            DueAt = due,
            CompletedAt = completed,
            Documents = [new CaseDocument("d01", "letter.pdf", "application/pdf", 52_000, new string('a', 64), created, $"patient-{id}")],
            Timeline = timeline,
        };
    }

    private static Assignment Assignment(string caseId, int seat, int specialist, AssignmentStatus status, DateTimeOffset offered) => new()
    {
        Id = Core.Review.Assignment.MakeId(caseId, $"seat-{seat}", 1),
        CaseId = caseId,
        SeatId = $"seat-{seat}",
        Subspecialty = "cardiology",
        SpecialistId = $"sp-{specialist:D2}",
        Status = status,
        OfferedAt = offered,
        AcceptBy = offered.AddHours(8),
        ClosedAt = status is AssignmentStatus.Offered or AssignmentStatus.Accepted ? null : offered.AddDays(2),
    };

    private static async Task SeedCurrentWorkAsync(Repositories r)
    {
        for (var s = 0; s < Specialists; s++)
            await r.Directory.UpsertAsync(new Specialist { Id = $"sp-{s:D2}", Name = $"Dr. {s}", Subspecialties = ["cardiology"], LicensedJurisdictions = ["US-OH"], Languages = ["en"] });
        var now = T0.AddYears(3);
        for (var i = 0; i < OpenCases; i++)
        {
            var id = CaseId(i);
            await r.Cases.TryCreateAsync(Case(id, i % 3 == 0 ? CaseStage.Review : CaseStage.Records, now.AddHours(-i), now.AddDays(5).AddHours(i), null));
            if (i % 3 == 0)
                for (var seat = 1; seat <= 3; seat++)
                    await r.Assignments.TryCreateAsync(Assignment(id, seat, (i + seat) % Specialists, seat == 1 ? AssignmentStatus.Offered : AssignmentStatus.Accepted, now.AddHours(-i)));
        }
        var escalations = new EscalationService(r.Escalations, new DiscardingPublisher(), TimeProvider.System);
        for (var e = 0; e < OpenEscalations; e++) await escalations.RaiseAsync($"{CaseId(e)}-sla-at-risk", CaseId(e), EscalationReasons.SlaAtRisk, "At risk.");
        for (var b = 0; b < OpenBatches; b++)
            await r.Batches.TryCreateAsync(new HospitalBatch(HospitalBatch.RecordId("hosp-a", $"b{b:x20}"), "hosp-a", $"b{b:x20}", BatchStatus.Waiting, now) { Grant = new BatchGrant("hosp-a", now, now.AddHours(1), ["a.pdf"]) });
        for (var a = 0; a < 10; a++) await r.Audit.RecordAsync(Target, new Caller("ops-ana", Roles.Ops), AuditActions.CaseRead, $"cases/{Target}");
    }

    /// <summary>Finished cases as the workflow leaves them: the case closed on the board, three completed opinions, a resolved escalation, an audit entry; one in ten from a hospital batch.</summary>
    private static async Task SeedHistoryAsync(Repositories r, int count, int parallelism, TextWriter log, string storeName)
    {
        var escalations = new EscalationService(r.Escalations, new DiscardingPublisher(), TimeProvider.System);
        var ops = new Caller("ops-ana", Roles.Ops);
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1_000_000, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var id = CaseId(i);
            var created = T0 + Between * (i - 1_000_000);
            await r.Cases.TryCreateAsync(Case(id, CaseStage.Completed, created, created.AddDays(7), created.AddDays(5)), ct);
            for (var seat = 1; seat <= 3; seat++)
                await r.Assignments.TryCreateAsync(Assignment(id, seat, (i + seat) % Specialists, AssignmentStatus.Completed, created.AddHours(20)), ct);
            await escalations.RaiseAsync($"{id}-opinion-overdue", id, EscalationReasons.OpinionOverdue, "Overdue.", ct);
            await escalations.ResolveAsync($"{id}-opinion-overdue", ops, "Reassigned.", ct);
            if (i % 10 == 0)
            {
                var batchId = $"b{i:x20}";
                await r.Batches.TryCreateAsync(new HospitalBatch(HospitalBatch.RecordId("hosp-a", batchId), "hosp-a", batchId, BatchStatus.Waiting, created), ct);
                var stored = (await r.Batches.FindAsync("hosp-a", batchId, ct))!;
                var accepted = stored.Value with { Status = BatchStatus.Accepted, CaseId = id };
                await r.Batches.ReplaceAsync(accepted, stored.ETag, ct);
                await r.Batches.CloseAsync(accepted, ct); // as the drop processor does once the inbox is cleaned
            }
            await r.Audit.RecordAsync(id, ops, AuditActions.CaseRead, $"cases/{id}", ct);
            var n = Interlocked.Increment(ref done);
            if (n % 10_000 == 0) log.WriteLine($"[{storeName}]   {n:N0} / {count:N0}");
        });
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(Repositories r, int rounds)
    {
        var escalations = new EscalationService(r.Escalations, new DiscardingPublisher(), TimeProvider.System);
        var candidates = Enumerable.Range(0, 12).Select(s => new Specialist { Id = $"sp-{s:D2}", Name = "", Subspecialties = ["cardiology"], LicensedJurisdictions = ["US-OH"], Languages = ["en"] }).ToList();
        var page = new PageRequest(50);
        var queries = new (string Name, Func<Task> Run, int Iterations)[]
        {
            ("case: get by id", () => r.Cases.FindAsync(Target), 200),
            ("case: update (read-modify-write + board row)", () => r.Cases.UpdateAsync(Target, c => c with { RecordsCompleteRaised = !c.RecordsCompleteRaised }), 50),
            ("ops board: open cases by due time, first page", () => r.Cases.OpenByDueTimeAsync(null, page), 20),
            ("ops board: one stage, first page", () => r.Cases.OpenByDueTimeAsync(CaseStage.Review, page), 20),
            ("ops board: cases closed in one month, first page", () => r.Cases.ClosedInMonthAsync(PastMonth.Year, PastMonth.Month, page), 20),
            ("assignments of one case", () => r.Assignments.ForCaseAsync(Target), 100),
            ("a specialist's open offers and reviews", () => r.Assignments.OpenForSpecialistAsync("sp-01", page), 50),
            ("a specialist's active load", () => r.Assignments.ActiveLoadAsync("sp-01"), 50),
            ("matching: loads of 12 candidates", () => r.Directory.ActiveLoadsAsync(candidates), 10),
            ("a specialist's opinions of one month, newest first", () => r.Assignments.ClosedForSpecialistAsync("sp-01", PastMonth.Year, PastMonth.Month, [AssignmentStatus.Completed], page), 10),
            ("escalation: by id", () => r.Escalations.FindAsync($"{Target}-sla-at-risk"), 200),
            ("escalations: open ones by age, first page", () => escalations.OpenAsync(page), 50),
            ("escalations: all of one case", () => escalations.ForCaseAsync(Target), 100),
            ("hospital batches still open (the sweep)", () => r.Batches.OpenAsync(page), 50),
            ("audit: one case's chain, verified", () => r.Audit.ChainAsync(Target), 50),
        };
        var medians = new Dictionary<string, double>();
        foreach (var (name, run, iterations) in queries)
        {
            await run(); // warm-up
            var samples = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++) await run();
                samples.Add(watch.Elapsed.TotalMilliseconds / iterations);
            }
            samples.Sort();
            medians[name] = samples[samples.Count / 2];
        }
        return medians;
    }

    private sealed class DiscardingPublisher : IEventPublisher
    {
        public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default) => Task.CompletedTask;
    }
}
