using System.Runtime.ExceptionServices;
using System.Text;
using SecondOpinion.Core.Records;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>Section <c>Ocr</c>, for the reader: how many pages are read at once, and when a text layer is too thin to be the page.</summary>
public sealed record PageReadingOptions
{
    /// <summary>Scanned pages of one document read at once (and so page images held in memory at once).</summary>
    public int MaxParallelPages { get; init; } = Environment.ProcessorCount;

    /// <summary>A page whose images cover at least this share of its area is a scan, whatever text layer it also has…</summary>
    public double ScanMinImageCoverage { get; init; } = 0.5;

    /// <summary>…when that text layer has fewer letters than this (a Bates number, a stamp, a vertical fax margin)…</summary>
    public int SparseTextLayerMaxLetters { get; init; } = 100;

    /// <summary>…or its lines together fill no more than this share of the page's height (a fax header line, a footer).</summary>
    public double SparseTextLayerMaxHeight { get; init; } = 0.05;

    /// <summary>Page images above these are refused from their dictionaries, before anything decodes them (the reader sets its configured limits).</summary>
    public ImageLimits ImageLimits { get; init; } = ImageLimits.Default;
}

/// <summary>
/// Reads a record page by page: a PDF page's text layer through PdfPig where it is the page's content
/// (exact and free), the OCR engine — tesseract locally, Document Intelligence in Azure — for scanned
/// pages (their embedded images, together with a sparse text layer laid over them) and for image files.
/// Scanned pages are read in parallel, a bounded number at a time, and come back in page order.
/// </summary>
public sealed class RecordTextExtractor(IOcrEngine ocr, PageReadingOptions? options = null) : ITextExtractor
{
    private readonly PageReadingOptions settings = options ?? new PageReadingOptions();

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
            "image/png" or "image/jpeg" or "image/tiff" => await ExtractImageAsync(bytes, type, ct),
            _ => throw new NotSupportedException($"No text extraction for {type}."),
        };
    }

    private async Task<ExtractedText> ExtractImageAsync(byte[] bytes, string type, CancellationToken ct)
    {
        var read = await ocr.RecognizeAsync(bytes, type, ct);
        return new ExtractedText(read.Select((page, i) => ScannedPage(i + 1, "", sparse: false, [page])).ToList(), ExtractionMethod.Ocr);
    }

    private async Task<ExtractedText> ExtractPdfAsync(byte[] bytes, CancellationToken ct)
    {
        using var pdf = PdfDocument.Open(bytes);
        var pages = new PageText[pdf.NumberOfPages];
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxParallelPages));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = new List<Task>();
        try
        {
            // PdfPig is read on this loop only (it is not thread-safe); a slot is taken before a page's
            // images are pulled out, so at most MaxParallelPages scans of a 300-page record are in memory.
            for (var number = 1; number <= pdf.NumberOfPages; number++)
            {
                await slots.WaitAsync(stop.Token);
                PagePlan plan;
                try
                {
                    plan = Plan(pdf.GetPage(number));
                }
                catch
                {
                    slots.Release();
                    throw;
                }
                if (plan.Images.Count == 0)
                {
                    pages[number - 1] = plan.TextLayerPage(number);
                    slots.Release();
                    continue;
                }
                reading.Add(ReadScanAsync(number, plan, pages, slots, stop));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A page's reading failed and stopped the loop: its own exception is thrown below.
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            await Task.WhenAll(reading.Select(r => r.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
        }
        var failure = reading.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException!).FirstOrDefault(e => e is not OperationCanceledException);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        ct.ThrowIfCancellationRequested();

        var ocrPages = pages.Count(p => ReadingEngines.IsOcr(p.Engine));
        var method = ocrPages == 0 ? ExtractionMethod.TextLayer : ocrPages == pages.Length ? ExtractionMethod.Ocr : ExtractionMethod.Mixed;
        return new ExtractedText(pages, method);
    }

    private async Task ReadScanAsync(int number, PagePlan plan, PageText[] pages, SemaphoreSlim slots, CancellationTokenSource stop)
    {
        try
        {
            var read = new List<OcrPage>();
            foreach (var (image, type) in plan.Images) read.AddRange(await ocr.RecognizeAsync(image, type, stop.Token));
            pages[number - 1] = ScannedPage(number, plan.TextLayer, plan.Sparse, read);
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>What a page needs: its text layer, and the scans to OCR when the text layer is not the page's content.</summary>
    private sealed record PagePlan(string TextLayer, IReadOnlyList<(byte[] Image, string Type)> Images, bool Sparse, bool ImagesNotDecoded)
    {
        public PageText TextLayerPage(int number) =>
            new(number, TextLayer.Trim(), ReadingEngines.TextLayer, Flags: ImagesNotDecoded ? [OcrFlags.ImageNotDecoded] : []);
    }

    private PagePlan Plan(Page page)
    {
        var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var textLayer = letters.Count == 0 ? "" : ContentOrderTextExtractor.GetText(page);
        var images = page.GetImages().ToList();
        if (images.Any(i => !settings.ImageLimits.Allows(new ImageSize(i.WidthInSamples, i.HeightInSamples))))
            throw new UnreadableRecordException(ReadingProblems.ImageTooLarge);
        if (images.Count == 0) return new PagePlan(textLayer, [], false, false);

        var sparse = letters.Count > 0 && ImageCoverage(images, page) >= settings.ScanMinImageCoverage
            && (letters.Count < settings.SparseTextLayerMaxLetters || TextHeight(letters, page) <= settings.SparseTextLayerMaxHeight);
        if (letters.Count > 0 && !sparse) return new PagePlan(textLayer, [], false, false);

        var scans = new List<(byte[], string)>();
        foreach (var image in images)
        {
            if (image.TryGetPng(out var png)) scans.Add((png, "image/png"));
            else if (image.RawBytes.Length > 3 && image.RawBytes[0] == 0xFF && image.RawBytes[1] == 0xD8) scans.Add((image.RawBytes.ToArray(), "image/jpeg"));
        }
        return new PagePlan(textLayer, scans, sparse, scans.Count == 0);
    }

    /// <summary>The share of the page's area its images cover (overlaps counted twice, capped at the whole page).</summary>
    private static double ImageCoverage(IEnumerable<IPdfImage> images, Page page)
    {
        var area = page.Width * page.Height;
        if (area <= 0) return 0;
        var covered = images.Sum(i =>
        {
            var width = Math.Min(i.BoundingBox.Right, page.Width) - Math.Max(i.BoundingBox.Left, 0);
            var height = Math.Min(i.BoundingBox.Top, page.Height) - Math.Max(i.BoundingBox.Bottom, 0);
            return width > 0 && height > 0 ? width * height : 0;
        });
        return Math.Min(1, covered / area);
    }

    /// <summary>The share of the page's height that lines of the text layer fill (each line's band counted once).</summary>
    private static double TextHeight(IEnumerable<UglyToad.PdfPig.Content.Letter> letters, Page page)
    {
        if (page.Height <= 0) return 1;
        var filled = 0.0;
        (double Bottom, double Top)? band = null;
        foreach (var (bottom, top) in letters.Select(l => (l.BoundingBox.Bottom, l.BoundingBox.Top)).OrderBy(b => b.Bottom))
        {
            if (band is { } b && bottom <= b.Top) band = (b.Bottom, Math.Max(b.Top, top));
            else
            {
                if (band is { } done) filled += done.Top - done.Bottom;
                band = (bottom, top);
            }
        }
        if (band is { } last) filled += last.Top - last.Bottom;
        return filled / page.Height;
    }

    /// <summary>One page read by OCR, with the lines of a sparse text layer the OCR did not already read.</summary>
    private PageText ScannedPage(int number, string textLayer, bool sparse, IReadOnlyList<OcrPage> read)
    {
        var recognised = string.Join("\n\n", read.Select(r => r.Text.Trim()).Where(t => t.Length > 0));
        var text = recognised;
        if (sparse)
        {
            var seen = Normalize(recognised);
            var extra = textLayer.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !seen.Contains(Normalize(l), StringComparison.Ordinal));
            text = string.Join("\n", extra.Append(recognised)).Trim();
        }

        var words = read.Sum(r => r.Confidence is null ? 0 : Math.Max(1, r.Words));
        double? confidence = words == 0 ? null : read.Where(r => r.Confidence is not null).Sum(r => r.Confidence!.Value * Math.Max(1, r.Words)) / words;
        var flags = read.SelectMany(r => r.Flags ?? []).Distinct().ToList();
        if (text.Length > 0) flags.Remove(OcrFlags.Blank);
        if (sparse) flags.Add(OcrFlags.SparseTextLayer);
        return new PageText(number, text, ocr.Engine, confidence,
            read.Select(r => r.Language).FirstOrDefault(l => l is not null),
            read.Select(r => r.RotationDegrees).FirstOrDefault(r => r != 0),
            flags);
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
