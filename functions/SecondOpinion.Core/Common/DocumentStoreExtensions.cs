namespace SecondOpinion.Core.Common;

public static class DocumentStoreExtensions
{
    /// <summary>Read-modify-write with optimistic concurrency, retried on conflict.</summary>
    public static async Task<T> UpdateAsync<T>(this IDocumentStore store, string container, string partitionKey, string id, Func<T, T> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync<T>(container, partitionKey, id, ct)
                ?? throw new KeyNotFoundException($"No document '{id}' in '{container}'.");
            var updated = change(current.Value);
            try
            {
                await store.UpsertAsync(container, partitionKey, id, updated, current.ETag, ct);
                return updated;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }
}
