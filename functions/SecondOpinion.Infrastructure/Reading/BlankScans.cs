using System.Buffers.Binary;
using System.IO.Compression;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>
/// Tells a blank scan from a picture OCR could not read: a PNG whose pixels are (nearly) all one
/// shade. Decoded row by row (two rows in memory), after the size check; 8-bit greyscale, RGB and
/// their alpha forms, not interlaced — what scanners write. Anything else is not judged.
/// </summary>
public static class BlankScans
{
    /// <summary>A page with fewer pixels than this share (0.1 %) far from the page's shade is blank: dust and scanner noise stay under it.</summary>
    public const double MaxInkShare = 0.001;

    private const int InkDistance = 64;

    public static bool IsBlankPng(byte[] png)
    {
        try
        {
            return InkShare(png) is { } share && share < MaxInkShare;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or ArgumentException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The share of pixels whose grey level is far from the first row's mean, or null for a PNG this does not decode.</summary>
    public static double? InkShare(byte[] png)
    {
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return null;
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16));
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20));
        var (depth, colour, interlace) = (png[24], png[25], png[28]);
        var channels = colour switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
        if (depth != 8 || channels == 0 || interlace != 0 || width <= 0 || height <= 0) return null;

        using var data = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (length < 0 || at + 12 + length > png.Length) return null;
            if (png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8)) data.Write(png, at + 8, length);
            at += 12 + length;
        }
        data.Position = 0;
        using var pixels = new ZLibStream(data, CompressionMode.Decompress);

        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        double? paper = null;
        long ink = 0;
        for (var y = 0; y < height; y++)
        {
            var filter = pixels.ReadByte();
            if (filter < 0) return null;
            pixels.ReadExactly(row);
            Unfilter(filter, row, previous, channels);
            var greys = Enumerable.Range(0, width).Select(x => Grey(row, x * channels, channels));
            paper ??= greys.Average();
            ink += greys.Count(g => Math.Abs(g - paper.Value) > InkDistance);
            (previous, row) = (row, previous);
        }
        return (double)ink / ((long)width * height);
    }

    private static int Grey(byte[] row, int at, int channels) => channels >= 3 ? (row[at] * 299 + row[at + 1] * 587 + row[at + 2] * 114) / 1000 : row[at];

    private static void Unfilter(int filter, byte[] row, byte[] previous, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            row[i] = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] + left),
                2 => (byte)(row[i] + up),
                3 => (byte)(row[i] + (left + up) / 2),
                4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException("Unknown PNG filter."),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
