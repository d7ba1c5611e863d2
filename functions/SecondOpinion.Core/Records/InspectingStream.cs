using System.Security.Cryptography;

namespace SecondOpinion.Core.Records;

public sealed class FileTooLargeException(long limit) : Exception($"The file exceeds the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Wraps an upload on its way to storage: exposes the first bytes (for the file-signature check)
/// before anything is written, hashes and counts what passes through, and stops at the size limit.
/// Nothing is buffered beyond the head.
/// </summary>
public sealed class InspectingStream : Stream
{
    private readonly Stream inner;
    private readonly long limit;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] head;
    private int headOffset;

    private InspectingStream(Stream inner, byte[] head, long limit)
    {
        this.inner = inner;
        this.head = head;
        this.limit = limit;
    }

    public ReadOnlySpan<byte> Head => head;
    public long BytesRead { get; private set; }

    public static async Task<InspectingStream> OpenAsync(Stream inner, long limit, int headLength = 16, CancellationToken ct = default)
    {
        var buffer = new byte[headLength];
        var read = 0;
        while (read < headLength)
        {
            var n = await inner.ReadAsync(buffer.AsMemory(read, headLength - read), ct);
            if (n == 0) break;
            read += n;
        }
        return new InspectingStream(inner, buffer[..read], limit);
    }

    public string Sha256Hex() => Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        if (headOffset < head.Length)
        {
            n = Math.Min(buffer.Length, head.Length - headOffset);
            head.AsMemory(headOffset, n).CopyTo(buffer);
            headOffset += n;
        }
        else
        {
            n = await inner.ReadAsync(buffer, cancellationToken);
        }
        Account(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    private void Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > limit) throw new FileTooLargeException(limit);
        hash.AppendData(data);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
