using System.Collections.Concurrent;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Tests.Support;

/// <summary>A test double for the files port, for workflow tests that need no Azurite.</summary>
public sealed class InMemoryFileStore : IFileStore
{
    private readonly ConcurrentDictionary<(string, string), (byte[] Bytes, string Type, DateTimeOffset At)> blobs = new();

    public async Task UploadAsync(string container, string path, Stream content, string contentType, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        blobs[(container, path)] = (buffer.ToArray(), contentType, DateTimeOffset.UtcNow);
    }

    public Task<Stream?> OpenReadAsync(string container, string path, CancellationToken ct = default) =>
        Task.FromResult<Stream?>(blobs.TryGetValue((container, path), out var b) ? new MemoryStream(b.Bytes, writable: false) : null);

    public Task<bool> ExistsAsync(string container, string path, CancellationToken ct = default) => Task.FromResult(blobs.ContainsKey((container, path)));

    public Task<IReadOnlyList<StoredFile>> ListAsync(string container, string prefix, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StoredFile>>(blobs
            .Where(b => b.Key.Item1 == container && b.Key.Item2.StartsWith(prefix, StringComparison.Ordinal))
            .Select(b => new StoredFile(b.Key.Item2, b.Value.Bytes.Length, b.Value.Type, b.Value.At)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList());

    public Task CopyAsync(string sourceContainer, string sourcePath, string targetContainer, string targetPath, CancellationToken ct = default)
    {
        var source = blobs[(sourceContainer, sourcePath)];
        blobs[(targetContainer, targetPath)] = source;
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string container, string path, CancellationToken ct = default)
    {
        blobs.TryRemove((container, path), out _);
        return Task.CompletedTask;
    }

    private static string ETagOf((byte[] Bytes, string Type, DateTimeOffset At) blob) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(blob.Bytes))[..16] + blob.At.UtcTicks;

    public Task<StoredFile?> GetInfoAsync(string container, string path, CancellationToken ct = default) =>
        Task.FromResult(blobs.TryGetValue((container, path), out var b) ? new StoredFile(path, b.Bytes.Length, b.Type, b.At, ETagOf(b)) : null);

    public Task<Stream> OpenReadIfUnchangedAsync(string container, string path, string etag, CancellationToken ct = default) =>
        blobs.TryGetValue((container, path), out var b) && ETagOf(b) == etag
            ? Task.FromResult<Stream>(new MemoryStream(b.Bytes, writable: false))
            : throw new FileChangedException(path);

    public Task CopyIfUnchangedAsync(string sourceContainer, string sourcePath, string etag, string targetContainer, string targetPath, CancellationToken ct = default)
    {
        if (!blobs.TryGetValue((sourceContainer, sourcePath), out var b) || ETagOf(b) != etag) throw new FileChangedException(sourcePath);
        blobs[(targetContainer, targetPath)] = b;
        return Task.CompletedTask;
    }
}

/// <summary>Records every event published, and what a consumer that drops repeated ids sees.</summary>
public sealed class RecordingEventPublisher : IEventPublisher
{
    public ConcurrentQueue<IntegrationEvent> Published { get; } = new();

    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
    {
        Published.Enqueue(integrationEvent);
        return Task.CompletedTask;
    }

    /// <summary>Each event id once, in the order first published (a consumer that deduplicates by id).</summary>
    public IReadOnlyList<IntegrationEvent> Delivered(string? caseId = null) =>
        Published.Where(e => caseId is null || e.CaseId == caseId).DistinctBy(e => e.Id).ToList();
}

/// <summary>Fails the first publish of every event type (a broker that is down for a moment), then passes them on.</summary>
public sealed class FailingOncePerTypePublisher(IEventPublisher inner) : IEventPublisher
{
    private readonly ConcurrentDictionary<string, bool> failed = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
    {
        if (failed.TryAdd(integrationEvent.Type, true))
        {
            Failures.Enqueue(integrationEvent.Id);
            throw new IOException($"The broker refused {integrationEvent.Type} (test).");
        }
        return inner.PublishAsync(integrationEvent, ct);
    }
}
