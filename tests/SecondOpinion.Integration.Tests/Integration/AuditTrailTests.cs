using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;

namespace SecondOpinion.Tests.Integration;

/// <summary>The audit log on the real SQLite store: appends under contention, and tampering with a stored row.</summary>
public sealed class AuditTrailTests : IDisposable
{
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"so-audit-{Guid.NewGuid():N}.db");
    private readonly SqliteDocumentStore store;
    private readonly AuditLog audit;

    public AuditTrailTests()
    {
        store = new SqliteDocumentStore(dbPath);
        audit = new AuditLog(new AuditRepository(store), TimeProvider.System);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }

    [Fact]
    public async Task concurrent_appends_make_one_unbroken_chain()
    {
        var caseId = "c00000000000000a1";
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => audit.RecordAsync(caseId, new Caller($"user-{i}", Roles.Patient), AuditActions.CaseRead, $"cases/{caseId}"))));

        var trail = await audit.ChainAsync(caseId);
        Assert.True(trail.Verified, trail.Problem);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), trail.Entries.Select(e => e.Sequence));
        Assert.Equal(40, trail.Entries.Select(e => e.Actor).Distinct().Count());
    }

    [Fact]
    public async Task editing_one_stored_entry_makes_verification_fail()
    {
        var caseId = "c00000000000000a2";
        for (var i = 0; i < 5; i++) await audit.RecordAsync(caseId, new Caller("ops-ana", Roles.Ops), AuditActions.CaseRead, $"cases/{caseId}");
        Assert.True((await audit.ChainAsync(caseId)).Verified);

        // Someone with write access to the store rewrites who read the case.
        var third = (await store.ReadAsync<AuditEntry>(Containers.Audit, caseId, AuditEntry.IdFor(caseId, 3)))!;
        await store.UpsertAsync(Containers.Audit, caseId, third.Value.Id, third.Value with { Actor = "nobody" }, third.ETag);

        var trail = await audit.ChainAsync(caseId);
        Assert.False(trail.Verified);
        Assert.Equal(3, trail.BrokenAtSequence);
    }

    [Fact]
    public async Task entries_without_a_case_go_to_the_platform_chain()
    {
        var entry = await audit.RecordAsync(Caller.Anonymous("10.0.0.9"), new AuditEvent(AuditActions.AccessRefused, "GET /api/ops/cases", AuditOutcome.Unauthenticated, Detail: "no-token"));
        Assert.Equal(AuditChains.Platform, entry.Chain);
        Assert.Equal("10.0.0.9", entry.SourceAddress);
        Assert.True((await audit.ChainAsync(AuditChains.Platform)).Verified);
    }
}
