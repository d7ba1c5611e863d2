using System.Net;
using System.Text;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Reports;

public sealed record ReportReviewer(string SpecialistId, string SpecialistName, string Subspecialty, Opinion Opinion);

public sealed record ReportDocument(string DocumentId, string FileName, string? Method, int Pages);

/// <summary>The written second opinion: what was asked, what was read, what each reviewer said and why, and the consensus.</summary>
public sealed record CaseReport(
    string CaseId,
    string ReportVersion,
    DateTimeOffset IssuedAt,
    string PatientName,
    DateOnly PatientDateOfBirth,
    CaseCategory Category,
    string Question,
    string? CurrentDiagnosis,
    string? ProposedTreatment,
    IReadOnlyList<ReportDocument> RecordsReviewed,
    TriageResult? Triage,
    IReadOnlyList<ReportReviewer> Reviewers,
    ConsensusResult Consensus,
    DateTimeOffset? DueAt,
    bool DeliveredOnTime);

public static class ReportBuilder
{
    public const string Version = "1";

    public static CaseReport Build(CaseFile caseFile, IReadOnlyList<ReportReviewer> reviewers, ConsensusResult consensus, DateTimeOffset issuedAt) =>
        new(caseFile.Id, Version, issuedAt, caseFile.Patient.Name, caseFile.Patient.DateOfBirth, caseFile.Category,
            caseFile.Question, caseFile.CurrentDiagnosis, caseFile.ProposedTreatment,
            caseFile.Documents.Select(d => new ReportDocument(d.Id, d.FileName, d.Extraction?.Method.ToString(), d.Extraction?.Pages ?? 0)).ToList(),
            caseFile.Triage, reviewers, consensus, caseFile.DueAt, caseFile.DueAt is null || issuedAt <= caseFile.DueAt);
}

/// <summary>Human-readable rendering of the report (self-contained HTML, printable).</summary>
public static class ReportHtmlRenderer
{
    public static string Render(CaseReport report)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "—");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Second opinion report ").Append(E(report.CaseId)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5}h1,h2{color:#17365d}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}.dissent{color:#9c2a00}</style></head><body>");
        html.Append("<h1>Second opinion report</h1>");
        html.Append("<p>Case <strong>").Append(E(report.CaseId)).Append("</strong> · issued ").Append(report.IssuedAt.ToString("yyyy-MM-dd HH:mm 'UTC'"))
            .Append(report.DeliveredOnTime ? " · on time" : " · <span class=\"dissent\">later than promised</span>").Append("</p>");
        html.Append("<h2>Patient and question</h2><table>")
            .Append("<tr><th>Patient</th><td>").Append(E(report.PatientName)).Append(" (born ").Append(report.PatientDateOfBirth.ToString("yyyy-MM-dd")).Append(")</td></tr>")
            .Append("<tr><th>Category</th><td>").Append(E(report.Category.ToString().ToLowerInvariant())).Append("</td></tr>")
            .Append("<tr><th>Question</th><td>").Append(E(report.Question)).Append("</td></tr>")
            .Append("<tr><th>Current diagnosis</th><td>").Append(E(report.CurrentDiagnosis)).Append("</td></tr>")
            .Append("<tr><th>Proposed treatment</th><td>").Append(E(report.ProposedTreatment)).Append("</td></tr></table>");
        html.Append("<h2>Consensus</h2><p><strong>").Append(E(report.Consensus.Summary)).Append("</strong></p>")
            .Append("<p>Mean reviewer confidence: ").Append(report.Consensus.MeanConfidence.ToString("0.00")).Append("</p>");
        html.Append("<h2>Reviewers</h2>");
        foreach (var r in report.Reviewers)
        {
            var dissent = report.Consensus.DissentingSpecialists.Contains(r.SpecialistId);
            html.Append("<h3").Append(dissent ? " class=\"dissent\"" : "").Append('>').Append(E(r.SpecialistName)).Append(", ").Append(E(r.Subspecialty))
                .Append(dissent ? " (dissenting)" : "").Append("</h3><table>")
                .Append("<tr><th>Agreement</th><td>").Append(E(r.Opinion.Agreement.ToString().ToLowerInvariant())).Append("</td></tr>")
                .Append("<tr><th>Diagnosis</th><td>").Append(E(r.Opinion.Diagnosis)).Append("</td></tr>")
                .Append("<tr><th>Recommendation</th><td>").Append(E(r.Opinion.Recommendation)).Append(" <em>(").Append(E(Common.EnumNames.Of(r.Opinion.Kind).Replace('-', ' '))).Append(")</em></td></tr>")
                .Append("<tr><th>Surgery necessary</th><td>").Append(r.Opinion.SurgeryNecessary ? "yes" : "no").Append("</td></tr>")
                .Append("<tr><th>Confidence</th><td>").Append(r.Opinion.Confidence.ToString("0.00")).Append("</td></tr></table>")
                .Append("<p>").Append(E(r.Opinion.Narrative)).Append("</p>");
            foreach (var answer in r.Opinion.Answers) html.Append("<blockquote>").Append(E(answer)).Append("</blockquote>");
        }
        if (report.Triage is { } triage)
        {
            html.Append("<h2>Why these specialists</h2><ul>");
            foreach (var ev in triage.Evidence) html.Append("<li>").Append(E(ev.Finding)).Append(": “").Append(E(ev.Phrase)).Append("” (").Append(E(ev.Source)).Append(")</li>");
            html.Append("</ul>");
        }
        html.Append("<h2>Records reviewed</h2><ul>");
        foreach (var d in report.RecordsReviewed)
            html.Append("<li>").Append(E(d.FileName)).Append(" — ").Append(d.Pages).Append(" page(s), read by ").Append(E(d.Method)).Append("</li>");
        html.Append("</ul><p><small>This report is a second opinion for the patient and their treating physicians; it does not replace their care.</small></p></body></html>");
        return html.ToString();
    }
}
