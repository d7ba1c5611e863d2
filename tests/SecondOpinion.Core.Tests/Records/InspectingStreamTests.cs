using System.Security.Cryptography;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class InspectingStreamTests
{
    private static byte[] Content(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    /// <summary>An upload that arrives one byte per read, like a slow network stream.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }

    [Fact]
    public async Task the_head_is_available_before_anything_is_read()
    {
        var content = Content(1000);

        using var stream = await InspectingStream.OpenAsync(new MemoryStream(content), limit: 10_000);

        Assert.Equal(content[..16], stream.Head.ToArray());
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task the_head_is_filled_even_when_the_source_delivers_one_byte_at_a_time()
    {
        var content = Content(100);

        using var stream = await InspectingStream.OpenAsync(new TrickleStream(content), limit: 10_000, headLength: 8);

        Assert.Equal(content[..8], stream.Head.ToArray());
    }

    [Fact]
    public async Task the_head_of_a_short_file_is_the_whole_file()
    {
        using var stream = await InspectingStream.OpenAsync(new MemoryStream([1, 2, 3]), limit: 10);

        Assert.Equal(new byte[] { 1, 2, 3 }, stream.Head.ToArray());
    }

    [Fact]
    public async Task the_content_passes_through_unchanged_with_its_sha256_and_length()
    {
        var content = Content(200_000);
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(content), limit: AcceptedDocuments.MaxBytes);
        var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(content.Length, stream.BytesRead);
        Assert.Equal(Sha256(content), stream.Sha256Hex());
    }

    [Fact]
    public async Task synchronous_reads_give_the_same_content_and_hash()
    {
        var content = Content(5_000);
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(content), limit: 5_000);
        var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(Sha256(content), stream.Sha256Hex());
    }

    [Fact]
    public async Task reading_in_small_chunks_from_a_trickling_source_loses_nothing()
    {
        var content = Content(1_001);
        using var stream = await InspectingStream.OpenAsync(new TrickleStream(content), limit: 2_000);
        var copy = new List<byte>();
        var buffer = new byte[3];

        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0) copy.AddRange(buffer[..n]);

        Assert.Equal(content, copy);
        Assert.Equal(1_001, stream.BytesRead);
        Assert.Equal(Sha256(content), stream.Sha256Hex());
    }

    [Fact]
    public async Task a_file_of_exactly_the_limit_is_allowed()
    {
        var content = Content(4_096);
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(content), limit: 4_096);

        await stream.CopyToAsync(Stream.Null);

        Assert.Equal(4_096, stream.BytesRead);
    }

    [Fact]
    public async Task reading_past_the_limit_throws_file_too_large()
    {
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(Content(4_097)), limit: 4_096);

        var error = await Assert.ThrowsAsync<FileTooLargeException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(4_096, error.Limit);
        Assert.Contains("4096", error.Message);
    }

    [Fact]
    public async Task a_file_smaller_than_the_head_but_larger_than_the_limit_is_refused_on_first_read()
    {
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(Content(12)), limit: 10);

        await Assert.ThrowsAsync<FileTooLargeException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task an_empty_upload_has_an_empty_head_no_bytes_and_the_empty_hash()
    {
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(), limit: 10);

        Assert.True(stream.Head.IsEmpty);
        Assert.Equal(0, await stream.ReadAsync(new byte[8]));
        Assert.Equal(0, stream.BytesRead);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stream.Sha256Hex());
    }

    [Fact]
    public async Task the_stream_is_read_only_and_forward_only()
    {
        using var stream = await InspectingStream.OpenAsync(new MemoryStream(Content(32)), limit: 100);

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }
}
