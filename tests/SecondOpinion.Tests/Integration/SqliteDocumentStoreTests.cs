using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Tests.Integration;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private sealed record Counter(string Id, int Value);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"so-store-{Guid.NewGuid():N}.db");
    private readonly SqliteDocumentStore store;

    public SqliteDocumentStoreTests() => store = new SqliteDocumentStore(path);

    [Fact]
    public async Task create_succeeds_once_per_id_and_partition()
    {
        Assert.True(await store.TryCreateAsync("c", "p1", "a", new Counter("a", 1)));
        Assert.False(await store.TryCreateAsync("c", "p1", "a", new Counter("a", 2)));
        Assert.True(await store.TryCreateAsync("c", "p2", "a", new Counter("a", 3)));
        Assert.Equal(1, (await store.ReadAsync<Counter>("c", "p1", "a"))!.Value.Value);
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict_and_the_newer_write_survives()
    {
        await store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        var read = (await store.ReadAsync<Counter>("c", "p", "a"))!;
        await store.UpsertAsync("c", "p", "a", new Counter("a", 2), read.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpsertAsync("c", "p", "a", new Counter("a", 3), read.ETag));
        Assert.Equal(2, (await store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    [Fact]
    public async Task concurrent_updates_are_all_applied()
    {
        await store.TryCreateAsync("c", "p", "a", new Counter("a", 0));
        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() => store.UpdateAsync<Counter>("c", "p", "a", c => c with { Value = c.Value + 1 }))));
        Assert.Equal(25, (await store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    [Fact]
    public async Task lists_within_a_partition_or_across_the_container()
    {
        await store.TryCreateAsync("c", "p1", "a", new Counter("a", 1));
        await store.TryCreateAsync("c", "p1", "b", new Counter("b", 2));
        await store.TryCreateAsync("c", "p2", "c", new Counter("c", 3));
        await store.TryCreateAsync("other", "p1", "z", new Counter("z", 9));
        Assert.Equal(["a", "b"], (await store.ListAsync<Counter>("c", "p1")).Select(c => c.Id));
        Assert.Equal(3, (await store.ListAsync<Counter>("c")).Count);
        Assert.Null(await store.ReadAsync<Counter>("c", "p2", "a"));
    }

    [Fact]
    public async Task documents_survive_reopening_the_database()
    {
        await store.TryCreateAsync("c", "p", "a", new Counter("a", 7));
        var reopened = new SqliteDocumentStore(path);
        Assert.Equal(7, (await reopened.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
