using System.Text;
using Microsoft.Data.Sqlite;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// The local state adapter: an embedded SQLite document store with the same semantics the Cosmos
/// adapter has (JSON documents, partition keys, ETags, expiring containers, paged partition queries),
/// and indexes on the paths those queries use.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    private readonly string connectionString;
    private readonly TimeProvider clock;

    public SqliteDocumentStore(string databasePath, TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS documents (
                container TEXT NOT NULL,
                partition_key TEXT NOT NULL,
                id TEXT NOT NULL,
                etag TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (container, partition_key, id));
            DROP INDEX IF EXISTS documents_by_container;
            """);
        // Databases made before documents could expire lack the column.
        using (var columns = connection.CreateCommand())
        {
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'expires_at'";
            if (Convert.ToInt64(columns.ExecuteScalar()) == 0) Execute(connection, "ALTER TABLE documents ADD COLUMN expires_at INTEGER NULL;");
        }
        // The paths the partition queries filter and order on (the same expressions as in QueryAsync).
        Execute(connection, $"""
            CREATE INDEX IF NOT EXISTS documents_by_sort_key ON documents (container, partition_key, {Field(Containers.SortKeyField)});
            CREATE INDEX IF NOT EXISTS documents_by_status ON documents (container, partition_key, {Field("status")}, {Field(Containers.SortKeyField)});
            CREATE INDEX IF NOT EXISTS documents_expiring ON documents (expires_at) WHERE expires_at IS NOT NULL;
            DELETE FROM documents WHERE expires_at IS NOT NULL AND expires_at <= {Now()};
            """);
    }

    private static string Field(string name) => $"json_extract(body, '$.{name}')";

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();

    private long? ExpiresAt(string container) =>
        Containers.TimeToLive(container) is { } ttl ? clock.GetUtcNow().Add(ttl).ToUnixTimeSeconds() : null;

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // WAL with NORMAL sync: a commit survives the process crashing (not a power cut before the
        // next checkpoint), without an fsync per write. This is the local store; Azure runs Cosmos DB.
        // Pages are read through a memory map and a 64 MiB cache per connection, so a read costs the
        // pages it needs, not a system call each (what keeps point reads flat as the file grows).
        Execute(connection, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;");
        return connection;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, string container, string partitionKey, string? id = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$c", container);
        command.Parameters.AddWithValue("$p", partitionKey);
        if (id is not null) command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Now());
        return command;
    }

    private const string Live = "(expires_at IS NULL OR expires_at > $now)";

    public async Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, $"SELECT body, etag FROM documents WHERE container = $c AND partition_key = $p AND id = $id AND {Live}", container, partitionKey, id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredDocument<T>(SecondOpinionJson.Deserialize<T>(reader.GetString(0)), reader.GetString(1));
    }

    public async Task<bool> TryCreateAsync<T>(string container, string partitionKey, string id, T value, CancellationToken ct = default)
    {
        await using var connection = Open();
        // An expired document is as good as absent: it is replaced.
        await using var command = Command(connection, """
            INSERT INTO documents (container, partition_key, id, etag, body, expires_at) VALUES ($c, $p, $id, $etag, $body, $expires)
            ON CONFLICT (container, partition_key, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, expires_at = excluded.expires_at
            WHERE documents.expires_at IS NOT NULL AND documents.expires_at <= $now
            """, container, partitionKey, id);
        command.Parameters.AddWithValue("$etag", NewETag());
        command.Parameters.AddWithValue("$body", SecondOpinionJson.Serialize(value));
        command.Parameters.AddWithValue("$expires", (object?)ExpiresAt(container) ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T value, string? ifMatch = null, CancellationToken ct = default)
    {
        var etag = NewETag();
        await using var connection = Open();
        await using var command = Command(connection, ifMatch is null
            ? """
              INSERT INTO documents (container, partition_key, id, etag, body, expires_at) VALUES ($c, $p, $id, $etag, $body, $expires)
              ON CONFLICT (container, partition_key, id) DO UPDATE SET etag = excluded.etag, body = excluded.body, expires_at = excluded.expires_at
              """
            : $"UPDATE documents SET etag = $etag, body = $body, expires_at = $expires WHERE container = $c AND partition_key = $p AND id = $id AND etag = $ifMatch AND {Live}",
            container, partitionKey, id);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.AddWithValue("$body", SecondOpinionJson.Serialize(value));
        command.Parameters.AddWithValue("$expires", (object?)ExpiresAt(container) ?? DBNull.Value);
        if (ifMatch is not null) command.Parameters.AddWithValue("$ifMatch", ifMatch);
        if (await command.ExecuteNonQueryAsync(ct) != 1 && ifMatch is not null) throw new ConcurrencyConflictException(container, id);
        return etag;
    }

    public async Task DeleteAsync(string container, string partitionKey, string id, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "DELETE FROM documents WHERE container = $c AND partition_key = $p AND id = $id", container, partitionKey, id);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string container, string partitionKey, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, $"SELECT body FROM documents WHERE container = $c AND partition_key = $p AND {Live} ORDER BY id", container, partitionKey);
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) results.Add(SecondOpinionJson.Deserialize<T>(reader.GetString(0)));
        return results;
    }

    public async Task<Page<T>> QueryAsync<T>(PartitionQuery query, CancellationToken ct = default)
    {
        foreach (var filter in query.Filters) filter.Validate();
        var after = ContinuationTokens.Decode(query.Page.ContinuationToken);
        await using var connection = Open();
        // One query per combination of filter values: each is an equality walk down an index in
        // sort-key order (an IN list would make SQLite sort, or walk the whole partition), then the
        // pages are merged.
        var items = new List<(T Value, string Key)>();
        foreach (var combination in FieldFilter.Combinations(query.Filters))
        {
            var (sql, parameters) = QuerySql(query with { Filters = combination }, after);
            await using var command = Command(connection, sql, query.Container, query.PartitionKey);
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) items.Add((SecondOpinionJson.Deserialize<T>(reader.GetString(0)), reader.IsDBNull(1) ? "" : reader.GetString(1)));
        }
        return ContinuationTokens.Merge(items, query);
    }

    /// <summary>
    /// The SQL for one page of a partition query with single-valued filters, and its parameters
    /// besides $c, $p and $now. The index is named: the planner, without statistics, may otherwise
    /// prefer walking the sort-key index and filtering, which costs the partition's whole history.
    /// </summary>
    internal static (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) QuerySql(PartitionQuery query, string? after)
    {
        var parameters = new List<(string, object)>();
        var index = query.Filters.Any(f => f.Field == "status") ? "documents_by_status" : "documents_by_sort_key";
        var sql = new StringBuilder($"SELECT body, {Field(Containers.SortKeyField)} FROM documents INDEXED BY {index} WHERE container = $c AND partition_key = $p AND {Live}");
        for (var f = 0; f < query.Filters.Count; f++)
        {
            var value = query.Filters[f].AnyOf.Single();
            sql.Append($" AND {Field(query.Filters[f].Field)} = $f{f}");
            parameters.Add(($"$f{f}", value is bool b ? (b ? 1 : 0) : value));
        }
        if (after is not null)
        {
            sql.Append($" AND {Field(Containers.SortKeyField)} {(query.Descending ? "<" : ">")} $after");
            parameters.Add(("$after", after));
        }
        sql.Append($" ORDER BY {Field(Containers.SortKeyField)} {(query.Descending ? "DESC" : "ASC")} LIMIT {query.Page.Size + 1}");
        return (sql.ToString(), parameters);
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");
}

/// <summary>Keyset continuation tokens: the last sort key of a page, base64url-encoded.</summary>
internal static class ContinuationTokens
{
    public static string Encode(string sortKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? Decode(string? token)
    {
        if (token is null) return null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var key = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            if (!key.Contains('|', StringComparison.Ordinal)) throw new InvalidContinuationTokenException();
            return key;
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException();
        }
    }

    /// <summary>The pages of each filter combination merged into one, in sort-key order.</summary>
    public static Page<T> Merge<T>(IEnumerable<(T Value, string Key)> items, PartitionQuery query)
    {
        var ordered = query.Descending
            ? items.OrderByDescending(i => i.Key, StringComparer.Ordinal)
            : items.OrderBy(i => i.Key, StringComparer.Ordinal);
        return PageOf(ordered.Take(query.Page.Size + 1).ToList(), query.Page.Size);
    }

    /// <summary>Up to <paramref name="size"/> items; a token only when a further item was seen.</summary>
    public static Page<T> PageOf<T>(IReadOnlyList<(T Value, string Key)> items, int size) =>
        items.Count > size
            ? new Page<T>(items.Take(size).Select(i => i.Value).ToList(), Encode(items[size - 1].Key))
            : new Page<T>(items.Select(i => i.Value).ToList(), null);
}
