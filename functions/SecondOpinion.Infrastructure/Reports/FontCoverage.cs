using System.Buffers.Binary;

namespace SecondOpinion.Infrastructure.Reports;

/// <summary>
/// Which code points a TrueType font has glyphs for, read from its <c>cmap</c> table (formats 4 and 12).
/// PDFsharp draws a missing glyph as an empty box and has no per-character fallback, so the report
/// picks a font for each character itself.
/// </summary>
public sealed class FontCoverage
{
    private readonly HashSet<int> codePoints;

    private FontCoverage(HashSet<int> codePoints) => this.codePoints = codePoints;

    public int Count => codePoints.Count;

    public bool Covers(int codePoint) => codePoints.Contains(codePoint);

    /// <summary>The coverage of a single-font file (.ttf/.otf); throws <see cref="InvalidDataException"/> when it has no Unicode cmap.</summary>
    public static FontCoverage Read(ReadOnlySpan<byte> font)
    {
        var cmap = FindTable(font, "cmap") ?? throw new InvalidDataException("The font has no cmap table.");
        var table = font.Slice(cmap.Offset, cmap.Length);
        var count = U16(table, 2);
        int? format12 = null, format4 = null;
        for (var i = 0; i < count; i++)
        {
            var record = 4 + i * 8;
            var platform = U16(table, record);
            var encoding = U16(table, record + 2);
            var offset = (int)U32(table, record + 4);
            var unicode = platform == 0 || (platform == 3 && encoding is 1 or 10);
            if (!unicode || offset + 2 > table.Length) continue;
            switch (U16(table, offset))
            {
                case 12: format12 ??= offset; break;
                case 4: format4 ??= offset; break;
            }
        }
        var points = new HashSet<int>();
        if (format12 is { } f12) ReadFormat12(table[f12..], points);
        else if (format4 is { } f4) ReadFormat4(table[f4..], points);
        else throw new InvalidDataException("The font has no Unicode cmap (format 4 or 12).");
        return new FontCoverage(points);
    }

    private static void ReadFormat4(ReadOnlySpan<byte> sub, HashSet<int> points)
    {
        var segments = U16(sub, 6) / 2;
        var ends = 14;
        var starts = ends + segments * 2 + 2;
        var deltas = starts + segments * 2;
        var rangeOffsets = deltas + segments * 2;
        for (var s = 0; s < segments; s++)
        {
            int end = U16(sub, ends + s * 2), start = U16(sub, starts + s * 2);
            var delta = (short)U16(sub, deltas + s * 2);
            var rangeOffset = U16(sub, rangeOffsets + s * 2);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
                    if (at + 2 > sub.Length) break;
                    glyph = U16(sub, at);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) points.Add(c);
            }
        }
    }

    private static void ReadFormat12(ReadOnlySpan<byte> sub, HashSet<int> points)
    {
        var groups = U32(sub, 12);
        for (var g = 0; g < groups; g++)
        {
            var at = 16 + g * 12;
            if (at + 12 > sub.Length) break;
            uint start = U32(sub, at), end = Math.Min(U32(sub, at + 4), 0x10FFFF), glyph = U32(sub, at + 8);
            for (var c = start; c <= end; c++, glyph++)
                if (glyph != 0) points.Add((int)c);
        }
    }

    private static (int Offset, int Length)? FindTable(ReadOnlySpan<byte> font, string tag)
    {
        if (font.Length < 12) return null;
        var tables = U16(font, 4);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + i * 16;
            if (record + 16 > font.Length) return null;
            if (font[record] == tag[0] && font[record + 1] == tag[1] && font[record + 2] == tag[2] && font[record + 3] == tag[3])
            {
                var offset = (int)U32(font, record + 8);
                var length = (int)U32(font, record + 12);
                return offset + length <= font.Length ? (offset, length) : null;
            }
        }
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}
