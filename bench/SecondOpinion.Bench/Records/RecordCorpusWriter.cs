using ImageMagick;
using ImageMagick.Drawing;
using System.Text.Json;
using System.Text.Json.Serialization;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SecondOpinion.Bench.Records;

/// <summary>The truth file written next to each labelled record.</summary>
public sealed record RecordTruth(
    string Name,
    string File,
    string ContentType,
    string Form,
    string Language,
    string? Category,
    IReadOnlyList<string> Codes,
    IReadOnlyList<TruthMeasurement> Measurements,
    string? ExpectedFailure,
    IReadOnlyList<IReadOnlyList<string>> Pages);

/// <summary>
/// Writes the labelled set: text PDFs with PdfPig's writer, scans rendered by ImageMagick from the same
/// lines (DejaVu Sans; Droid Sans Fallback for Japanese) with Magick.NET, degraded as configured, placed on PDF
/// pages, and the damaged files made from good ones.
/// </summary>
public static class RecordCorpusWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string LatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    private const string JapaneseFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
    private const string FaxHeader = "FAX FROM +1 555 0100   2026-11-30 09:14   P.001/001";

    public static void WriteAll(string directory, TextWriter log)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var record in RecordCorpus.All)
        {
            var (bytes, extension, contentType) = Make(record);
            var file = record.Name + extension;
            File.WriteAllBytes(Path.Combine(directory, file), bytes);
            var truth = new RecordTruth(record.Name, file, contentType, record.Form.ToString(), record.Language, record.Category, record.Codes,
                record.Measurements, record.ExpectedFailure, record.Pages);
            File.WriteAllText(Path.Combine(directory, record.Name + ".truth.json"), JsonSerializer.Serialize(truth, Json) + "\n");
            log.WriteLine($"{file}: {bytes.Length / 1024.0:0.0} KiB");
        }
    }

    public static IReadOnlyList<RecordTruth> ReadAll(string directory) =>
        System.IO.Directory.GetFiles(directory, "*.truth.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<RecordTruth>(File.ReadAllText(f), Json)!).ToList();

    private static (byte[] Bytes, string Extension, string ContentType) Make(LabelledRecord record)
    {
        var quality = record.Quality ?? ScanQuality.Office;
        switch (record.Form)
        {
            case RecordForm.TextPdf:
                return (TextPdf(record.Pages), ".pdf", "application/pdf");
            case RecordForm.ScannedPdf:
            case RecordForm.BlankScanPdf:
                return (ScanPdf(record.Pages.Select(p => Scan(p, quality, record.Language)).ToList(), quality.Dpi), ".pdf", "application/pdf");
            case RecordForm.ScannedImage:
            {
                var scan = Scan(record.Pages[0], quality, record.Language);
                return (scan.Bytes, scan.Jpeg ? ".jpg" : ".png", scan.Jpeg ? "image/jpeg" : "image/png");
            }
            case RecordForm.PhonePhoto:
                return (Scan(record.Pages[0], quality with { JpegQuality = Math.Max(quality.JpegQuality, 60) }, record.Language, photo: true).Bytes, ".jpg", "image/jpeg");
            case RecordForm.MixedPdf:
            {
                var builder = new PdfDocumentBuilder();
                var font = builder.AddStandard14Font(Standard14Font.Helvetica);
                for (var i = 0; i < record.Pages.Count; i++)
                {
                    var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
                    if (record.ScannedPages?.Contains(i + 1) == true) PlaceScan(page, Scan(record.Pages[i], quality, record.Language));
                    else WriteLines(page, font, record.Pages[i]);
                }
                return (builder.Build(), ".pdf", "application/pdf");
            }
            case RecordForm.FaxedScanPdf:
            {
                var builder = new PdfDocumentBuilder();
                var font = builder.AddStandard14Font(Standard14Font.Helvetica);
                var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
                PlaceScan(page, Scan(record.Pages[0], quality, record.Language));
                page.AddText(FaxHeader, 7, new PdfPoint(40, 828), font);
                return (builder.Build(), ".pdf", "application/pdf");
            }
            case RecordForm.EncryptedPdf:
            {
                using var input = new MemoryStream(TextPdf(record.Pages));
                using var document = PdfSharp.Pdf.IO.PdfReader.Open(input, PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
                document.SecuritySettings.UserPassword = "patient-1960";
                document.SecuritySettings.OwnerPassword = "hospital-owner";
                using var output = new MemoryStream();
                document.Save(output);
                return (output.ToArray(), ".pdf", "application/pdf");
            }
            case RecordForm.TruncatedPdf:
            {
                var whole = TextPdf(record.Pages);
                return (whole[..(whole.Length / 2)], ".pdf", "application/pdf");
            }
            case RecordForm.HugeImage:
                return (PngHeaderOnly(60000, 60000), ".png", "image/png");
            default:
                throw new ArgumentOutOfRangeException(nameof(record), record.Form, "Unknown record form.");
        }
    }

    private static byte[] TextPdf(IReadOnlyList<IReadOnlyList<string>> pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages) WriteLines(builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4), font, lines);
        return builder.Build();
    }

    private static void WriteLines(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, IReadOnlyList<string> lines)
    {
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 10, new PdfPoint(56, y), font);
            y -= 17;
        }
    }

    private static void PlaceScan(PdfPageBuilder page, (byte[] Bytes, bool Jpeg) scan)
    {
        var whole = new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height);
        if (scan.Jpeg) page.AddJpeg(scan.Bytes, whole);
        else page.AddPng(scan.Bytes, whole);
    }

    /// <summary>Renders the lines on an A4 page at the scan's resolution and degrades it like a scanner or a phone would.</summary>
    private static (byte[] Bytes, bool Jpeg) Scan(IReadOnlyList<string> lines, ScanQuality quality, string language, bool photo = false)
    {
        var width = (uint)(8.27 * quality.Dpi);
        var height = (uint)(11.69 * quality.Dpi);
        using var image = new MagickImage(MagickColors.White, width, height);
        var lineHeight = 18.0 * quality.Dpi / 72;
        var y = 0.9 * quality.Dpi + lineHeight;
        var text = new Drawables().Font(language == "ja" ? JapaneseFont : LatinFont).FontPointSize(11.0 * quality.Dpi / 72).FillColor(MagickColors.Black);
        foreach (var line in lines)
        {
            text.Text(0.8 * quality.Dpi, y, line);
            y += lineHeight;
        }
        if (lines.Count > 0) text.Draw(image);
        if (photo)
        {
            // A phone held over a printout: the page is skewed, slightly turned, and unevenly lit.
            image.VirtualPixelMethod = VirtualPixelMethod.White;
            image.Distort(DistortMethod.Perspective, [0, 0, width * 0.04, height * 0.02, width, 0, width * 0.97, height * 0.05,
                0, height, width * 0.01, height * 0.98, width, height, width * 0.99, height * 0.95]);
            image.BackgroundColor = MagickColors.White;
            image.Rotate(2);
            image.Level(new Percentage(0), new Percentage(92));
        }
        if (quality.Blur > 0) image.Blur(0, quality.Blur);
        if (quality.Noise > 0) image.AddNoise(NoiseType.Gaussian, quality.Noise);
        if (quality.Rotate != 0) image.Rotate(quality.Rotate);
        image.ColorType = ColorType.Grayscale;
        image.Density = new Density(quality.Dpi, DensityUnit.PixelsPerInch);
        var jpeg = quality.JpegQuality > 0;
        image.Format = jpeg ? MagickFormat.Jpeg : MagickFormat.Png;
        if (jpeg) image.Quality = (uint)quality.JpegQuality;
        return (image.ToByteArray(), jpeg);
    }

    /// <summary>Each scan on its own page, sized to the image (a rotated scan is a landscape page), as a scanner's PDF is.</summary>
    private static byte[] ScanPdf(IReadOnlyList<(byte[] Bytes, bool Jpeg)> scans, int dpi)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var scan in scans)
        {
            var info = new MagickImageInfo(scan.Bytes);
            var page = builder.AddPage(info.Width * 72.0 / dpi, info.Height * 72.0 / dpi);
            PlaceScan(page, scan);
        }
        return builder.Build();
    }

    /// <summary>A valid PNG signature and header claiming the given size, with an empty image: refused before decoding, or never.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
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
