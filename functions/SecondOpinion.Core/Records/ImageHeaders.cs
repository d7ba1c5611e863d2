using System.Buffers.Binary;

namespace SecondOpinion.Core.Records;

public readonly record struct ImageSize(long Width, long Height)
{
    public long Pixels => Width * Height;
}

/// <summary>How big an image may be before it is decoded: decoding allocates width × height × channels.</summary>
public sealed record ImageLimits
{
    public long MaxPixels { get; init; } = 100_000_000;
    public long MaxSide { get; init; } = 20_000;

    public static ImageLimits Default { get; } = new();

    public bool Allows(ImageSize size) => size.Width <= MaxSide && size.Height <= MaxSide && size.Pixels <= MaxPixels;
}

/// <summary>
/// Reads an image's pixel dimensions from its header alone — PNG's IHDR, JPEG's start-of-frame
/// marker, every TIFF directory's width and length — so an oversized picture is refused before any
/// decoder allocates it. Pure; a header it cannot parse gives no sizes (the decoder then decides).
/// </summary>
public static class ImageHeaders
{
    private const int MaxTiffDirectories = 10_000;

    public static IReadOnlyList<ImageSize> SizesOf(ReadOnlySpan<byte> data, string contentType) => AcceptedDocuments.Normalize(contentType) switch
    {
        "image/png" => Png(data) is { } png ? [png] : [],
        "image/jpeg" => Jpeg(data) is { } jpeg ? [jpeg] : [],
        "image/tiff" => Tiff(data),
        _ => [],
    };

    /// <summary>The signature, then the IHDR chunk: length, "IHDR", width and height as big-endian 32-bit numbers.</summary>
    public static ImageSize? Png(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24 || !data[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) || !data[12..16].SequenceEqual("IHDR"u8))
            return null;
        return new ImageSize(BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    /// <summary>Walks the marker segments up to the first start-of-frame (SOF0–SOF15, not DHT/JPG/DAC), which holds height then width.</summary>
    public static ImageSize? Jpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8) return null;
        var at = 2;
        while (at + 4 <= data.Length)
        {
            if (data[at] != 0xFF) return null;
            var marker = data[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { at += 2; continue; } // no length
            if (marker is 0xD9 or 0xDA) return null; // end of image or start of scan before any frame
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
            if (length < 2) return null;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 9 > data.Length) return null;
                return new ImageSize(BinaryPrimitives.ReadUInt16BigEndian(data[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]));
            }
            at += 2 + length;
        }
        return null;
    }

    /// <summary>Every image file directory (a page each) with its ImageWidth (256) and ImageLength (257) tags, SHORT or LONG.</summary>
    public static IReadOnlyList<ImageSize> Tiff(ReadOnlySpan<byte> data)
    {
        var sizes = new List<ImageSize>();
        if (data.Length < 8) return sizes;
        bool little;
        if (data[..4].SequenceEqual("II*\0"u8)) little = true;
        else if (data[..4].SequenceEqual("MM\0*"u8)) little = false;
        else return sizes;

        var seen = new HashSet<long>();
        long offset = U32(data, 4, little);
        while (offset != 0 && offset + 2 <= data.Length && seen.Add(offset) && seen.Count <= MaxTiffDirectories)
        {
            var at = (int)offset;
            var entries = U16(data, at, little);
            long width = -1, height = -1;
            for (var i = 0; i < entries; i++)
            {
                var entry = at + 2 + i * 12;
                if (entry + 12 > data.Length) break;
                var tag = U16(data, entry, little);
                if (tag is not (256 or 257)) continue;
                var type = U16(data, entry + 2, little);
                long value = type switch
                {
                    3 => U16(data, entry + 8, little),
                    4 => U32(data, entry + 8, little),
                    _ => -1,
                };
                if (tag == 256) width = value; else height = value;
            }
            if (width >= 0 && height >= 0) sizes.Add(new ImageSize(width, height));
            var next = at + 2 + entries * 12;
            if (next + 4 > data.Length) break;
            offset = U32(data, next, little);
        }
        return sizes;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool little) =>
        at + 2 > data.Length ? (ushort)0 : little ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool little) =>
        at + 4 > data.Length ? 0u : little ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}
