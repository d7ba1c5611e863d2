using Microsoft.Data.Sqlite;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>What only the SQLite adapter has to show (the shared behaviour is in <see cref="DocumentStoreContract"/>).</summary>
public sealed class SqliteDocumentStoreTests : IDisposable
{
    private sealed record Counter(string Id, int Value);

    private sealed record Row(string Id, string Status, string SortKey);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"so-store-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task documents_survive_reopening_the_database()
    {
        await new SqliteDocumentStore(path).TryCreateAsync("c", "p", "a", new Counter("a", 7));
        var reopened = new SqliteDocumentStore(path);
        Assert.Equal(7, (await reopened.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    [Fact]
    public async Task idempotency_keys_expire_and_their_id_can_be_claimed_again()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var store = new SqliteDocumentStore(path, clock);
        Assert.True(await store.TryCreateAsync(Containers.IdempotencyKeys, "patient-1", "key", new Counter("key", 1)));
        Assert.True(await store.TryCreateAsync(Containers.Cases, "c1", "c1", new Counter("c1", 1)));

        clock.Advance(Containers.IdempotencyKeyLifetime - TimeSpan.FromMinutes(1));
        Assert.False(await store.TryCreateAsync(Containers.IdempotencyKeys, "patient-1", "key", new Counter("key", 2)));
        Assert.NotNull(await store.ReadAsync<Counter>(Containers.IdempotencyKeys, "patient-1", "key"));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await store.ReadAsync<Counter>(Containers.IdempotencyKeys, "patient-1", "key"));
        Assert.Empty(await store.ListAsync<Counter>(Containers.IdempotencyKeys, "patient-1"));
        Assert.True(await store.TryCreateAsync(Containers.IdempotencyKeys, "patient-1", "key", new Counter("key", 3)));
        Assert.Equal(3, (await store.ReadAsync<Counter>(Containers.IdempotencyKeys, "patient-1", "key"))!.Value.Value);
        // Other containers never expire.
        Assert.NotNull(await store.ReadAsync<Counter>(Containers.Cases, "c1", "c1"));
    }

    [Fact]
    public async Task a_database_from_before_expiry_is_upgraded_in_place()
    {
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE documents (container TEXT NOT NULL, partition_key TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL,
                    PRIMARY KEY (container, partition_key, id));
                INSERT INTO documents VALUES ('c', 'p', 'a', 'e1', '{"id":"a","value":5}');
                """;
            command.ExecuteNonQuery();
        }
        var store = new SqliteDocumentStore(path);
        Assert.Equal(5, (await store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
        Assert.True(await store.TryCreateAsync(Containers.IdempotencyKeys, "s", "k", new Counter("k", 1)));
    }

    public static TheoryData<string, string?, string> PagedQueries() => new()
    {
        // A specialist's open assignments: one index walk per status, never their whole history.
        { "status", "offered", "documents_by_status" },
        // The ops board and the open escalations: the partition in sort-key order.
        { "", null, "documents_by_sort_key" },
        { "stage", "review", "documents_by_sort_key" },
    };

    [Theory]
    [MemberData(nameof(PagedQueries))]
    public void the_paged_queries_walk_an_index_in_order_without_sorting(string field, string? value, string index)
    {
        _ = new SqliteDocumentStore(path);
        var query = new PartitionQuery("q", "p", new PageRequest(50)) { Filters = value is null ? [] : [FieldFilter.Is(field, value)] };
        foreach (var after in new[] { null, "2026-01-01T00:00:00.0000000Z|x" })
        {
            var (sql, parameters) = SqliteDocumentStore.QuerySql(query, after);
            using var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            command.Parameters.AddWithValue("$c", "q");
            command.Parameters.AddWithValue("$p", "p");
            command.Parameters.AddWithValue("$now", 0);
            foreach (var (name, v) in parameters) command.Parameters.AddWithValue(name, v);
            using var reader = command.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read()) plan.Add(reader.GetString(3));
            Assert.Contains(plan, step => step.StartsWith($"SEARCH documents USING INDEX {index}", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
