namespace SecondOpinion.Core.Common;

/// <summary>Files port: uploaded records, extracted text, reports, hospital drops. Blob Storage everywhere.</summary>
public interface IFileStore
{
    Task UploadAsync(string container, string path, Stream content, string contentType, CancellationToken ct = default);
    Task<Stream?> OpenReadAsync(string container, string path, CancellationToken ct = default);
    Task<bool> ExistsAsync(string container, string path, CancellationToken ct = default);
    Task<IReadOnlyList<StoredFile>> ListAsync(string container, string prefix, CancellationToken ct = default);
    Task CopyAsync(string sourceContainer, string sourcePath, string targetContainer, string targetPath, CancellationToken ct = default);

    /// <summary>Removes the file if it is there.</summary>
    Task DeleteAsync(string container, string path, CancellationToken ct = default);

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

/// <summary>Integration events leaving the system as CloudEvents: a Service Bus topic in Azure, a Storage queue locally.</summary>
public interface IEventPublisher
{
    /// <summary>At least once: a retry publishes the same id again, and consumers drop the repeat.</summary>
    Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default);
}

public static class FileStoreExtensions
{
    public static async Task<bool> AnyAsync(this IFileStore files, string container, string prefix, CancellationToken ct = default) =>
        (await files.ListAsync(container, prefix, ct)).Count > 0;

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
