using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>
/// What the reader child process needs to read like the host would: the OCR engine and its
/// options, and the image limits. Passed as JSON in <see cref="RecordReaderProtocol.SettingsVariable"/>.
/// </summary>
public sealed record RecordReaderSettings
{
    /// <summary><c>tesseract</c> or <c>document-intelligence</c>.</summary>
    public string OcrProvider { get; init; } = "tesseract";
    public TesseractOptions Tesseract { get; init; } = new();
    public DocumentIntelligenceOptions DocumentIntelligence { get; init; } = new();
    /// <summary>How pages are read (parallelism, when a text layer is too sparse); the host's processor count, not the child's.</summary>
    public PageReadingOptions Pages { get; init; } = new();
    public ImageLimits Limits { get; init; } = ImageLimits.Default;

    public bool UsesDocumentIntelligence => string.Equals(OcrProvider.Replace("-", ""), "documentintelligence", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The reader's answer on stdout: the pages and method, or the problem's code. Never an exception text.</summary>
public sealed record RecordReaderResult(IReadOnlyList<PageText>? Pages, ExtractionMethod? Method, string? Problem);

/// <summary>
/// The contract between <see cref="IsolatedTextExtractor"/> and <c>SecondOpinion.RecordReader --serve</c>.
/// A request is the content type (int32 length + UTF-8) and the file in chunks (int32 length + bytes
/// each, a zero length ends the file), so a stream of unknown length is sent without buffering it in
/// the host; an answer is one <see cref="RecordReaderResult"/> as JSON (int32 length + UTF-8).
/// Lengths are little-endian. The reader answers requests until its stdin closes.
/// </summary>
public static class RecordReaderProtocol
{
    public const string AssemblyFileName = "SecondOpinion.RecordReader.dll";
    public const string SettingsVariable = "SECONDOPINION_READER_SETTINGS";
    public const string ServeArgument = "--serve";

    /// <summary>Exit code of a reader whose stdin closed: it answered everything it was asked.</summary>
    public const int Answered = 0;
    /// <summary>Exit code of a reader that ran out of its managed heap, said so, and stopped (its heap is not trusted for another file).</summary>
    public const int OutOfMemory = 3;
    /// <summary>Exit code of a reader called wrongly, or sent a malformed request.</summary>
    public const int Usage = 2;

    private const int MaxContentTypeBytes = 256;
    private const int ChunkBytes = 1024 * 1024;

    public static async Task WriteRequestAsync(Stream pipe, string contentType, Stream content, CancellationToken ct)
    {
        var type = Encoding.UTF8.GetBytes(contentType);
        if (type.Length > MaxContentTypeBytes) throw new ArgumentException("The content type is too long.", nameof(contentType));
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, type.Length);
        await pipe.WriteAsync(header, ct);
        await pipe.WriteAsync(type, ct);
        var chunk = new byte[4 + 81920];
        int n;
        while ((n = await content.ReadAsync(chunk.AsMemory(4), ct)) > 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(chunk, n);
            await pipe.WriteAsync(chunk.AsMemory(0, 4 + n), ct);
        }
        BinaryPrimitives.WriteInt32LittleEndian(header, 0);
        await pipe.WriteAsync(header, ct);
        await pipe.FlushAsync(ct);
    }

    /// <summary>The next request, or null when the pipe closed between requests. A malformed or cut-off request is an <see cref="InvalidDataException"/>.</summary>
    public static async Task<(string ContentType, MemoryStream Content)?> ReadRequestAsync(Stream pipe, CancellationToken ct = default)
    {
        var header = new byte[4];
        if (await pipe.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, ct) < 4) return null;
        var typeLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (typeLength is <= 0 or > MaxContentTypeBytes) throw new InvalidDataException("Malformed request.");
        var type = new byte[typeLength];
        await ReadExactlyAsync(pipe, type, ct);
        var content = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            await ReadExactlyAsync(pipe, header, ct);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (length == 0) break;
            if (length is < 0 or > ChunkBytes) throw new InvalidDataException("Malformed request.");
            if (chunk.Length < length) chunk = new byte[length];
            await ReadExactlyAsync(pipe, chunk.AsMemory(0, length), ct);
            content.Write(chunk, 0, length);
        }
        content.Position = 0;
        return (Encoding.UTF8.GetString(type), content);
    }

    public static async Task WriteAnswerAsync(Stream pipe, RecordReaderResult result, CancellationToken ct = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(result, SecondOpinionJson.Options);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, json.Length);
        await pipe.WriteAsync(header, ct);
        await pipe.WriteAsync(json, ct);
        await pipe.FlushAsync(ct);
    }

    /// <summary>
    /// The answer, or null when the reader's stdout ended first (it crashed or was killed). An answer
    /// longer than <paramref name="maxBytes"/> is an <see cref="InvalidDataException"/>: pages of text, not a record.
    /// </summary>
    public static async Task<RecordReaderResult?> ReadAnswerAsync(Stream pipe, long maxBytes, CancellationToken ct)
    {
        var header = new byte[4];
        if (await pipe.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, ct) < 4) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > maxBytes) throw new InvalidDataException("The reader's answer exceeds its limit.");
        var json = new byte[length];
        if (await pipe.ReadAtLeastAsync(json, length, throwOnEndOfStream: false, ct) < length) return null;
        return JsonSerializer.Deserialize<RecordReaderResult>(json, SecondOpinionJson.Options);
    }

    private static async Task ReadExactlyAsync(Stream pipe, Memory<byte> buffer, CancellationToken ct)
    {
        if (await pipe.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct) < buffer.Length) throw new InvalidDataException("The request was cut off.");
    }
}
