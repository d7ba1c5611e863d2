using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Reports;

/// <summary>Writes the report (JSON, HTML and PDF) to Blob Storage and completes the case.</summary>
/// <remarks>The step of workflows before 3.0, which delivered the report without a sign-off.</remarks>
public sealed class WriteReportActivity(ICaseRepository cases, ReportAssembler assembler, IFileStore files, IReportPdfRenderer pdf, TimeProvider clock)
    : CaseActivity<string, ReportRef>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<ReportRef> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var caseFile = await cases.GetAsync(caseId);
        // A retry after the report was delivered returns it unchanged (same issue time, no second event).
        if (caseFile is { Stage: CaseStage.Completed, ReportJsonPath: { } deliveredJson, ReportHtmlPath: { } deliveredHtml })
            return new ReportRef(deliveredJson, deliveredHtml);
        var now = clock.GetUtcNow();
        var report = await assembler.AssembleAsync(caseFile, now);
        var jsonPath = BlobLayout.ReportJson(caseId);
        var htmlPath = BlobLayout.ReportHtml(caseId);
        await files.UploadTextAsync(BlobLayout.ReportsContainer, jsonPath, SecondOpinionJson.Serialize(report), "application/json");
        await files.UploadTextAsync(BlobLayout.ReportsContainer, htmlPath, ReportHtmlRenderer.Render(report), "text/html; charset=utf-8");
        await files.UploadAsync(BlobLayout.ReportsContainer, BlobLayout.ReportPdf(caseId), new MemoryStream(pdf.Render(report)), "application/pdf");
        await cases.UpdateAsync(caseId, c => c.Stage == CaseStage.Completed ? c : (c with
        {
            ReportJsonPath = jsonPath,
            ReportHtmlPath = htmlPath,
            CompletedAt = now,
        }).WithStage(CaseStage.Completed, "Report delivered.", now));
        // Announced by the next step (AnnounceActivity), which is retried on its own until it is out.
        return new ReportRef(jsonPath, htmlPath);
    }
}
