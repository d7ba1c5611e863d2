using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace SecondOpinion.Samples;

/// <summary>Sample medical records for the demo and the tests (fictional patients, fictional findings).</summary>
public static class SampleRecords
{
    public static readonly string[] PathologyReport =
    [
        "Pathology report - prostate needle biopsy",
        "Specimen: 12 core biopsies, transrectal ultrasound guided.",
        "Diagnosis: acinar adenocarcinoma of the prostate.",
        "Gleason score 3 + 4 = 7 (Grade Group 2) in 4 of 12 cores.",
        "PSA 6.8 ng/mL. Clinical stage T2a N0 M0.",
        "No perineural invasion identified.",
        "Recommendation from treating urologist: radical prostatectomy.",
    ];

    public static readonly string[] CardiologyLetter =
    [
        "Cardiology consultation letter",
        "Findings: severe aortic stenosis, mean gradient 44 mmHg.",
        "Ejection fraction 55 %. Troponin 12 ng/L.",
        "Coronary angiography: no significant coronary artery disease.",
        "Proposed treatment: surgical aortic valve replacement.",
    ];

    /// <summary>A PDF with a real text layer (what most hospital systems export).</summary>
    public static byte[] TextPdf(IReadOnlyList<string> lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 11, new PdfPoint(56, y), font);
            y -= 18;
        }
        return builder.Build();
    }

    /// <summary>A scanned clinic note: an image with no text layer, so it needs OCR.</summary>
    public static byte[] ScannedNotePng() => Resource("scanned-clinic-note.png");

    /// <summary>The same scan wrapped in a PDF (as a scanner would produce).</summary>
    public static byte[] ScannedNotePdf() => Resource("scanned-clinic-note.pdf");

    /// <summary>The clinic note scanned a quarter turn clockwise.</summary>
    public static byte[] ScanRotated90Png() => Resource("scan-rotated-90.png");

    /// <summary>The clinic note scanned upside down.</summary>
    public static byte[] ScanRotated180Png() => Resource("scan-rotated-180.png");

    /// <summary>A Japanese pathology summary, scanned.</summary>
    public static byte[] ScanJapanesePng() => Resource("scan-japanese.png");

    /// <summary>An empty page off the scanner: paper grey with a few specks.</summary>
    public static byte[] ScanBlankPng() => Resource("scan-blank.png");

    /// <summary>The clinic note as a poor copy: washed out, blurred and speckled.</summary>
    public static byte[] ScanDegradedPng() => Resource("scan-degraded.png");

    /// <summary>Page <paramref name="number"/> (1–3) of a scanned discharge summary; each page names its number in words.</summary>
    public static byte[] DischargeSummaryPagePng(int number) => Resource($"scan-page-{number}.png");

    public const string FaxHeader = "FAX 2026-11-30 14:02 FROM: Riverside Hospital Records P.001/001";

    /// <summary>
    /// A faxed record: a full-page scan with one line of text layer (the fax machine's header) over it,
    /// as fax-to-PDF gateways produce.
    /// </summary>
    public static byte[] FaxedScanPdf(byte[] scanPng)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddPng(scanPng, new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        page.AddText(FaxHeader, 8, new PdfPoint(20, page.PageSize.Height - 14), font);
        return builder.Build();
    }

    /// <summary>A PDF of scans only, one full-page image a page (what a document scanner produces).</summary>
    public static byte[] ScannedPdf(IEnumerable<byte[]> pagePngs)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var png in pagePngs)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            page.AddPng(png, new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        }
        return builder.Build();
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(SampleRecords).Assembly.GetManifestResourceStream($"Samples.{name}")
            ?? throw new FileNotFoundException($"Sample {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
