using Microsoft.Data.Sqlite;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// The local state adapter: an embedded SQLite document store with the same semantics the Cosmos
/// adapter has (JSON documents, partition keys, ETags for optimistic concurrency).
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    private readonly string connectionString;

    public SqliteDocumentStore(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null) Directory.CreateDirectory(directory);
        connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS documents (
                container TEXT NOT NULL,
                partition_key TEXT NOT NULL,
                id TEXT NOT NULL,
                etag TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (container, partition_key, id));
            CREATE INDEX IF NOT EXISTS documents_by_container ON documents (container);
            """;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public async Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body, etag FROM documents WHERE container = $c AND partition_key = $p AND id = $id";
        command.Parameters.AddWithValue("$c", container);
        command.Parameters.AddWithValue("$p", partitionKey);
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new StoredDocument<T>(SecondOpinionJson.Deserialize<T>(reader.GetString(0)), reader.GetString(1));
    }

    public async Task<bool> TryCreateAsync<T>(string container, string partitionKey, string id, T value, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO documents (container, partition_key, id, etag, body) VALUES ($c, $p, $id, $etag, $body)";
        command.Parameters.AddWithValue("$c", container);
        command.Parameters.AddWithValue("$p", partitionKey);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$etag", NewETag());
        command.Parameters.AddWithValue("$body", SecondOpinionJson.Serialize(value));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T value, string? ifMatch = null, CancellationToken ct = default)
    {
        var etag = NewETag();
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$c", container);
        command.Parameters.AddWithValue("$p", partitionKey);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$etag", etag);
        command.Parameters.AddWithValue("$body", SecondOpinionJson.Serialize(value));
        if (ifMatch is null)
        {
            command.CommandText = """
                INSERT INTO documents (container, partition_key, id, etag, body) VALUES ($c, $p, $id, $etag, $body)
                ON CONFLICT (container, partition_key, id) DO UPDATE SET etag = excluded.etag, body = excluded.body
                """;
            await command.ExecuteNonQueryAsync(ct);
            return etag;
        }
        command.CommandText = "UPDATE documents SET etag = $etag, body = $body WHERE container = $c AND partition_key = $p AND id = $id AND etag = $ifMatch";
        command.Parameters.AddWithValue("$ifMatch", ifMatch);
        if (await command.ExecuteNonQueryAsync(ct) != 1) throw new ConcurrencyConflictException(container, id);
        return etag;
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string container, string? partitionKey = null, CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = partitionKey is null
            ? "SELECT body FROM documents WHERE container = $c ORDER BY partition_key, id"
            : "SELECT body FROM documents WHERE container = $c AND partition_key = $p ORDER BY id";
        command.Parameters.AddWithValue("$c", container);
        if (partitionKey is not null) command.Parameters.AddWithValue("$p", partitionKey);
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) results.Add(SecondOpinionJson.Deserialize<T>(reader.GetString(0)));
        return results;
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
