using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Reports;

/// <summary>
/// Writes one signed version of a report (JSON, HTML and PDF) where it is kept for good, and makes it
/// the case's current report: the one place that knows a signed version's files.
/// </summary>
public sealed class SignedReportWriter(IFileStore files, IReportPdfRenderer pdf)
{
    public async Task<ReportFiles> WriteAsync(CaseReport report, int version, CancellationToken ct = default)
    {
        var caseId = report.CaseId;
        var kept = new ReportFiles(BlobLayout.SignedReportJson(caseId, version), BlobLayout.SignedReportHtml(caseId, version), BlobLayout.SignedReportPdf(caseId, version));
        var json = SecondOpinionJson.Serialize(report);
        var html = ReportHtmlRenderer.Render(report);
        var rendered = pdf.Render(report);
        // Kept as this version, and as the current report (what GET /api/cases/{id}/report serves).
        foreach (var (jsonPath, htmlPath, pdfPath) in new[] { (kept.JsonPath, kept.HtmlPath, kept.PdfPath!), (BlobLayout.ReportJson(caseId), BlobLayout.ReportHtml(caseId), BlobLayout.ReportPdf(caseId)) })
        {
            await files.UploadTextAsync(BlobLayout.ReportsContainer, jsonPath, json, "application/json", ct);
            await files.UploadTextAsync(BlobLayout.ReportsContainer, htmlPath, html, "text/html; charset=utf-8", ct);
            await files.UploadAsync(BlobLayout.ReportsContainer, pdfPath, new MemoryStream(rendered), "application/pdf", ct);
        }
        return kept;
    }
}
