namespace SecondOpinion.Core.Common;

/// <summary>The one place that knows container names and blob paths (DESIGN.md, "Blob layout").</summary>
public static class BlobLayout
{
    public const string RecordsContainer = "records";
    public const string ReportsContainer = "reports";
    public const string HospitalInboxContainer = "hospital-inbox";
    public const string QuarantineContainer = "quarantine";

    public static readonly string[] AllContainers = [RecordsContainer, ReportsContainer, HospitalInboxContainer, QuarantineContainer];

    public static string DocumentOriginal(string caseId, string documentId) => $"cases/{caseId}/documents/{documentId}/original";
    public static string DocumentText(string caseId, string documentId) => $"cases/{caseId}/documents/{documentId}/text.txt";
    public static string DocumentFacts(string caseId, string documentId) => $"cases/{caseId}/documents/{documentId}/facts.json";
    /// <summary>Per page: engine, confidence, language, rotation, flags and character count (no text).</summary>
    public static string DocumentPages(string caseId, string documentId) => $"cases/{caseId}/documents/{documentId}/pages.json";
    public static string ReportJson(string caseId) => $"cases/{caseId}/report.json";
    public static string ReportHtml(string caseId) => $"cases/{caseId}/report.html";
    /// <summary>The draft of one sign-off round, for the medical director only.</summary>
    public static string DraftReportJson(string caseId, int round) => $"cases/{caseId}/drafts/r{round}/report.json";
    public static string DraftReportHtml(string caseId, int round) => $"cases/{caseId}/drafts/r{round}/report.html";
    /// <summary>A signed version, kept for good: the first signing and every addendum.</summary>
    public static string SignedReportJson(string caseId, int version) => $"cases/{caseId}/versions/v{version}/report.json";
    public static string SignedReportHtml(string caseId, int version) => $"cases/{caseId}/versions/v{version}/report.html";
    public static string SignedReportPdf(string caseId, int version) => $"cases/{caseId}/versions/v{version}/report.pdf";
    public static string ReportPdf(string caseId) => $"cases/{caseId}/report.pdf";

    public static string BatchPrefix(string hospitalId, string batchId) => $"{hospitalId}/{batchId}/";
    public static string BatchManifest(string hospitalId, string batchId) => $"{hospitalId}/{batchId}/manifest.json";
    public static string QuarantineReason(string hospitalId, string batchId) => $"{hospitalId}/{batchId}/reason.json";
}
