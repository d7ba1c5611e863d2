using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PdfSharp.Pdf;

namespace SecondOpinion.Tests.Support;

/// <summary>Hostile and broken records, written byte by byte so each test knows exactly what it feeds the reader.</summary>
public static class CraftedRecords
{
    /// <summary>A PDF of the given objects (object 1 is the catalog) with a correct cross-reference table.</summary>
    public static byte[] Pdf(params byte[][] objects)
    {
        using var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(output.Position);
            Write($"{i + 1} 0 obj\n");
            output.Write(objects[i]);
            Write("\nendobj\n");
        }
        var xref = output.Position;
        Write($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write($"{offset:D10} 00000 n \n");
        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Ascii($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. Ascii("\nendstream")];

    private static readonly byte[] Catalog = Ascii("<< /Type /Catalog /Pages 2 0 R >>");
    private static readonly byte[] OnePage = Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");

    private static byte[] Page(string extra = "") => Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {extra} >>");

    /// <summary>
    /// A page whose content draws form 1, which draws form 2, … <paramref name="depth"/> deep. PdfPig
    /// 0.1.16 follows form XObjects recursively without a depth guard, so this overflows its stack: a
    /// real stack exhauster (nested arrays and dictionaries are caught by its MaxStackDepth guard).
    /// </summary>
    public static byte[] FormChainPdf(int depth)
    {
        var objects = new List<byte[]> { Catalog, OnePage, Page("/Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >>"), Stream("", Ascii("/X Do")) };
        for (var i = 0; i < depth; i++)
        {
            var last = i == depth - 1;
            var resources = last ? "" : $"/Resources << /XObject << /X {6 + i} 0 R >> >>";
            objects.Add(Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] {resources}", Ascii(last ? "0 0 m 1 1 l S" : "/X Do")));
        }
        return Pdf([.. objects]);
    }

    /// <summary>One page whose content stream is <paramref name="inflatedMb"/> MB of spaces, deflated to about a thousandth of that.</summary>
    public static byte[] FlateBombPdf(int inflatedMb)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var megabyte = new byte[1024 * 1024];
            Array.Fill(megabyte, (byte)' ');
            for (var i = 0; i < inflatedMb; i++) zlib.Write(megabyte);
        }
        return Pdf(Catalog, OnePage, Page("/Contents 4 0 R"), Stream("/Filter /FlateDecode", compressed.ToArray()));
    }

    /// <summary>A page showing one image whose dictionary claims <paramref name="width"/> × <paramref name="height"/> (the data is a few bytes).</summary>
    public static byte[] HugeImagePdf(int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[1024]);
        return Pdf(Catalog, OnePage, Page("/Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >>"),
            Stream("", Ascii("q 612 0 0 792 0 0 cm /Im1 Do Q")),
            Stream($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", compressed.ToArray()));
    }

    /// <summary>A page with lines and a filled rectangle, and no text or image.</summary>
    public static byte[] VectorOnlyPdf() =>
        Pdf(Catalog, OnePage, Page("/Contents 4 0 R"), Stream("", Ascii("0 0 m 300 400 l S 100 100 200 150 re f")));

    /// <summary>A page with nothing on it at all.</summary>
    public static byte[] BlankPdf() => Pdf(Catalog, OnePage, Page());

    /// <summary>A PDF that needs a user password to open (PDFsharp's standard security handler).</summary>
    public static byte[] PasswordProtectedPdf()
    {
        using var document = new PdfDocument();
        document.AddPage();
        document.SecuritySettings.UserPassword = "open-sesame";
        document.SecuritySettings.OwnerPassword = "owner-sesame";
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>The first half of a file, as an interrupted download leaves it.</summary>
    public static byte[] Truncated(byte[] file) => file[..(file.Length / 2)];

    /// <summary>A PNG signature and an IHDR that claims <paramref name="width"/> × <paramref name="height"/>, then one empty IDAT and IEND: a few dozen bytes.</summary>
    public static byte[] PngClaiming(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // 8-bit greyscale
        return [.. PngSignature, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", Deflate([0])), .. Chunk("IEND", [])];
    }

    /// <summary>An 8-bit greyscale PNG of the given samples (row by row, filter 0).</summary>
    public static byte[] GreyPng(int width, int height, Func<int, int, byte> sample)
    {
        var raw = new byte[(width + 1) * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = sample(x, y);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;
        return [.. PngSignature, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", Deflate(raw)), .. Chunk("IEND", [])];
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return compressed.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typed = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        var chunk = new byte[8 + data.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(typed));
        return chunk;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
