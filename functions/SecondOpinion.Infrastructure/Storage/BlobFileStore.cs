using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>Blob Storage adapter (Azurite locally, a managed-identity account in Azure).</summary>
public sealed class BlobFileStore(BlobServiceClient service) : IFileStore
{
    public async Task EnsureContainersAsync(CancellationToken ct = default)
    {
        foreach (var name in BlobLayout.AllContainers)
            await service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: ct);
    }

    public async Task UploadAsync(string container, string path, Stream content, string contentType, CancellationToken ct = default)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(path);
        await blob.UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 },
        }, ct);
    }

    public async Task<Stream?> OpenReadAsync(string container, string path, CancellationToken ct = default)
    {
        try
        {
            var result = await service.GetBlobContainerClient(container).GetBlobClient(path).DownloadStreamingAsync(cancellationToken: ct);
            return result.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string container, string path, CancellationToken ct = default) =>
        (await service.GetBlobContainerClient(container).GetBlobClient(path).ExistsAsync(ct)).Value;

    public async Task<IReadOnlyList<StoredFile>> ListAsync(string container, string prefix, CancellationToken ct = default)
    {
        var results = new List<StoredFile>();
        var client = service.GetBlobContainerClient(container);
        try
        {
            await foreach (var item in client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
                results.Add(new StoredFile(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Properties.LastModified ?? DateTimeOffset.MinValue, item.Properties.ETag?.ToString()));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        return results;
    }

    public Task CopyAsync(string sourceContainer, string sourcePath, string targetContainer, string targetPath, CancellationToken ct = default) =>
        CopyAsync(sourceContainer, sourcePath, null, targetContainer, targetPath, ct);

    public Task DeleteAsync(string container, string path, CancellationToken ct = default) =>
        service.GetBlobContainerClient(container).GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: ct);

    public async Task<StoredFile?> GetInfoAsync(string container, string path, CancellationToken ct = default)
    {
        try
        {
            var p = (await service.GetBlobContainerClient(container).GetBlobClient(path).GetPropertiesAsync(cancellationToken: ct)).Value;
            return new StoredFile(path, p.ContentLength, p.ContentType, p.LastModified, p.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadIfUnchangedAsync(string container, string path, string etag, CancellationToken ct = default) =>
        (await DownloadIfUnchangedAsync(container, path, etag, ct)).Content;

    public Task CopyIfUnchangedAsync(string sourceContainer, string sourcePath, string etag, string targetContainer, string targetPath, CancellationToken ct = default) =>
        CopyAsync(sourceContainer, sourcePath, etag, targetContainer, targetPath, ct);

    /// <summary>
    /// Download-and-upload rather than server-side copy: works the same with shared keys and managed
    /// identity, and on Azurite. One download gives both the bytes and the content type.
    /// </summary>
    private async Task CopyAsync(string sourceContainer, string sourcePath, string? etag, string targetContainer, string targetPath, CancellationToken ct)
    {
        var source = etag is null
            ? (await service.GetBlobContainerClient(sourceContainer).GetBlobClient(sourcePath).DownloadStreamingAsync(cancellationToken: ct)).Value
            : await DownloadIfUnchangedAsync(sourceContainer, sourcePath, etag, ct);
        await using var content = source.Content;
        await UploadAsync(targetContainer, targetPath, content, source.Details.ContentType ?? "application/octet-stream", ct);
    }

    private async Task<BlobDownloadStreamingResult> DownloadIfUnchangedAsync(string container, string path, string etag, CancellationToken ct)
    {
        try
        {
            return (await service.GetBlobContainerClient(container).GetBlobClient(path).DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(etag) } }, ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new FileChangedException(path);
        }
    }
}
