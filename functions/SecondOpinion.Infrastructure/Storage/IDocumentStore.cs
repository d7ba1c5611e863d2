using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// The generic JSON document store under the repositories: Cosmos DB in Azure, SQLite locally. Every
/// read names its partition: there is no cross-partition query, so no request's cost grows with data
/// in other partitions. Only the repositories in this folder use it.
/// </summary>
public interface IDocumentStore
{
    Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default);

    /// <summary>Creates the document; returns false when one with that id already exists.</summary>
    Task<bool> TryCreateAsync<T>(string container, string partitionKey, string id, T value, CancellationToken ct = default);

    /// <summary>Writes the document; when <paramref name="ifMatch"/> is given and stale, throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T value, string? ifMatch = null, CancellationToken ct = default);

    /// <summary>Removes the document if it is there.</summary>
    Task DeleteAsync(string container, string partitionKey, string id, CancellationToken ct = default);

    /// <summary>Every document of one partition, by id. For partitions that stay small (one case's assignments, one audit chain).</summary>
    Task<IReadOnlyList<T>> ListAsync<T>(string container, string partitionKey, CancellationToken ct = default);

    /// <summary>One page of a partition, filtered on top-level fields and ordered by <see cref="Containers.SortKeyField"/>.</summary>
    Task<Page<T>> QueryAsync<T>(PartitionQuery query, CancellationToken ct = default);
}

/// <summary>
/// A query within one partition: documents whose top-level <see cref="Filters"/> fields hold one of the
/// given values, in the order of their unique <c>sortKey</c> (keyset paging: the token is the last key).
/// </summary>
public sealed record PartitionQuery(string Container, string PartitionKey, PageRequest Page)
{
    public IReadOnlyList<FieldFilter> Filters { get; init; } = [];
    public bool Descending { get; init; }
}

/// <summary>A top-level field (as serialized, camelCase) and the values it may hold: strings or booleans.</summary>
public sealed record FieldFilter(string Field, IReadOnlyList<object> AnyOf)
{
    public static FieldFilter Is(string field, object value) => new(field, [value]);

    /// <summary>Every combination of one value per filter: adapters run one equality query per combination and merge.</summary>
    public static IEnumerable<IReadOnlyList<FieldFilter>> Combinations(IReadOnlyList<FieldFilter> filters)
    {
        IEnumerable<IReadOnlyList<FieldFilter>> combinations = [[]];
        foreach (var filter in filters)
            combinations = combinations.SelectMany(c => filter.AnyOf.Select(v => (IReadOnlyList<FieldFilter>)[.. c, Is(filter.Field, v)])).ToList();
        return combinations;
    }

    public void Validate()
    {
        if (Field.Length == 0 || !Field.All(char.IsAsciiLetterOrDigit)) throw new ArgumentException($"Filter field '{Field}' is not a plain field name.");
        if (AnyOf.Count == 0 || AnyOf.Any(v => v is not (string or bool))) throw new ArgumentException($"Filter on '{Field}' needs string or boolean values.");
    }
}

public static class DocumentStoreExtensions
{
    /// <summary>Read-modify-write with optimistic concurrency, retried on conflict.</summary>
    public static async Task<T> UpdateAsync<T>(this IDocumentStore store, string container, string partitionKey, string id, Func<T, T> change, CancellationToken ct = default) =>
        (await store.UpdateWithETagAsync(container, partitionKey, id, change, ct)).Value;

    /// <summary>As <see cref="UpdateAsync{T}"/>, with the ETag the written version has.</summary>
    public static async Task<StoredDocument<T>> UpdateWithETagAsync<T>(this IDocumentStore store, string container, string partitionKey, string id, Func<T, T> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync<T>(container, partitionKey, id, ct)
                ?? throw new KeyNotFoundException($"No document '{id}' in '{container}'.");
            var updated = change(current.Value);
            try
            {
                return new StoredDocument<T>(updated, await store.UpsertAsync(container, partitionKey, id, updated, current.ETag, ct));
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }

    /// <summary>
    /// Writes a view of a source document (a board row, an inbox row), then checks the source did not
    /// move on meanwhile: two updates commit in one order but their view writes may land in the other,
    /// so whoever finds the source changed writes the view again from the newer version. The view
    /// ends as the source's latest version once the last writer is done.
    /// </summary>
    public static async Task MirrorAsync<T>(this IDocumentStore store, string container, string partitionKey, string id, StoredDocument<T> written,
        Func<T, Task> writeView, CancellationToken ct = default)
    {
        var mirrored = written;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await writeView(mirrored.Value);
            var now = await store.ReadAsync<T>(container, partitionKey, id, ct);
            if (now is null || now.ETag == mirrored.ETag) return;
            mirrored = now;
        }
    }

    /// <summary>Keys that sort as they read: fixed-width UTC times, then a tie-breaking id.</summary>
    public static string SortKey(DateTimeOffset? at, string id) =>
        $"{(at ?? DateTimeOffset.MaxValue).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}|{id}";
}
