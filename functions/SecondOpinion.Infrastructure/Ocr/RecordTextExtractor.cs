using System.Text;
using SecondOpinion.Core.Records;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>
/// Reads a record: a PDF's text layer through PdfPig where a page has letters (exact and free),
/// and the OCR engine — tesseract locally, Document Intelligence in Azure — for scanned pages
/// (their embedded images) and for image files.
/// </summary>
public sealed class RecordTextExtractor(IOcrEngine ocr) : ITextExtractor
{
    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        var type = AcceptedDocuments.Normalize(contentType);
        return type switch
        {
            "application/pdf" => await ExtractPdfAsync(bytes, ct),
            "text/plain" => ExtractedText.SinglePage(Encoding.UTF8.GetString(bytes), ReadingEngines.PlainText),
            "image/png" or "image/jpeg" or "image/tiff" => ExtractedText.SinglePage(await ocr.RecognizeAsync(bytes, type, ct), ocr.Engine),
            _ => throw new NotSupportedException($"No text extraction for {type}."),
        };
    }

    private async Task<ExtractedText> ExtractPdfAsync(byte[] bytes, CancellationToken ct)
    {
        using var pdf = PdfDocument.Open(bytes);
        var pageTexts = new string[pdf.NumberOfPages];
        var scans = new List<(int Index, byte[] Image, string Type)>();
        foreach (var page in pdf.GetPages())
        {
            var index = page.Number - 1;
            if (page.Letters.Count > 0)
            {
                pageTexts[index] = ContentOrderTextExtractor.GetText(page);
                continue;
            }
            pageTexts[index] = "";
            foreach (var image in page.GetImages())
            {
                if (image.TryGetPng(out var png)) scans.Add((index, png, "image/png"));
                else if (image.RawBytes.Length > 3 && image.RawBytes[0] == 0xFF && image.RawBytes[1] == 0xD8) scans.Add((index, image.RawBytes.ToArray(), "image/jpeg"));
            }
        }
        var recognised = await Task.WhenAll(scans.Select(async s => (s.Index, Text: await ocr.RecognizeAsync(s.Image, s.Type, ct))));
        foreach (var (index, text) in recognised) pageTexts[index] = (pageTexts[index] + "\n" + text).Trim();

        var scanned = scans.Select(s => s.Index).ToHashSet();
        var method = scanned.Count == 0 ? ExtractionMethod.TextLayer : scanned.Count == pdf.NumberOfPages ? ExtractionMethod.Ocr : ExtractionMethod.Mixed;
        return new ExtractedText(pageTexts.Select((text, i) => new PageText(i + 1, text.Trim(), scanned.Contains(i) ? ocr.Engine : ReadingEngines.TextLayer)).ToList(), method);
    }
}
