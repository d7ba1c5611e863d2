namespace SecondOpinion.Core.Common;

/// <summary>A stored JSON document with its concurrency token.</summary>
public sealed record StoredDocument<T>(T Value, string ETag);

/// <summary>Thrown when a conditional write loses a race (HTTP 412 in Cosmos terms).</summary>
public sealed class ConcurrencyConflictException(string container, string id)
    : Exception($"Document '{id}' in '{container}' was changed by someone else.");

/// <summary>
/// State port: cases, directory, assignments, escalations, audit. Cosmos DB in Azure, SQLite locally.
/// Containers are partitioned by <c>partitionKey</c>; listing is always within one partition or a whole
/// (small) container, which both backends serve without cross-partition fan-out surprises.
/// </summary>
public interface IDocumentStore
{
    Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default);

    /// <summary>Creates the document; returns false when one with that id already exists.</summary>
    Task<bool> TryCreateAsync<T>(string container, string partitionKey, string id, T value, CancellationToken ct = default);

    /// <summary>Writes the document; when <paramref name="ifMatch"/> is given and stale, throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T value, string? ifMatch = null, CancellationToken ct = default);

    Task<IReadOnlyList<T>> ListAsync<T>(string container, string? partitionKey = null, CancellationToken ct = default);
}

/// <summary>Files port: uploaded records, extracted text, reports, hospital drops. Blob Storage everywhere.</summary>
public interface IFileStore
{
    Task UploadAsync(string container, string path, Stream content, string contentType, CancellationToken ct = default);
    Task<Stream?> OpenReadAsync(string container, string path, CancellationToken ct = default);
    Task<bool> ExistsAsync(string container, string path, CancellationToken ct = default);
    Task<IReadOnlyList<StoredFile>> ListAsync(string container, string prefix, CancellationToken ct = default);
    Task CopyAsync(string sourceContainer, string sourcePath, string targetContainer, string targetPath, CancellationToken ct = default);

    /// <summary>Size, type and ETag of one file, or null when it does not exist.</summary>
    Task<StoredFile?> GetInfoAsync(string container, string path, CancellationToken ct = default);

    /// <summary>Reads the file only while it still has <paramref name="etag"/>; throws <see cref="FileChangedException"/> otherwise.</summary>
    Task<Stream> OpenReadIfUnchangedAsync(string container, string path, string etag, CancellationToken ct = default);

    /// <summary>Copies the file only while it still has <paramref name="etag"/>; throws <see cref="FileChangedException"/> otherwise.</summary>
    Task CopyIfUnchangedAsync(string sourceContainer, string sourcePath, string etag, string targetContainer, string targetPath, CancellationToken ct = default);
}

public sealed record StoredFile(string Path, long Size, string? ContentType, DateTimeOffset LastModified, string? ETag = null);

/// <summary>The file was replaced or removed since its ETag was read.</summary>
public sealed class FileChangedException(string path) : Exception($"'{path}' changed while it was being read.");

/// <summary>Integration events leaving the system: Service Bus topic in Azure, a Storage queue locally.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default);
}

/// <summary>An event for other systems. Carries ids only, never PHI.</summary>
public sealed record IntegrationEvent(string Type, string CaseId, DateTimeOffset OccurredAt, IReadOnlyDictionary<string, string>? Data = null)
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}

public static class FileStoreExtensions
{
    public static async Task UploadTextAsync(this IFileStore files, string container, string path, string text, string contentType, CancellationToken ct = default)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await files.UploadAsync(container, path, stream, contentType, ct);
    }

    public static async Task<string?> ReadTextAsync(this IFileStore files, string container, string path, CancellationToken ct = default)
    {
        await using var stream = await files.OpenReadAsync(container, path, ct);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }
}
