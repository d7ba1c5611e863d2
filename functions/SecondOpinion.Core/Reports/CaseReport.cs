using System.Net;
using System.Text;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Reports;

public sealed record ReportReviewer(string SpecialistId, string SpecialistName, string Subspecialty, Opinion Opinion)
{
    /// <summary>Sat on the tie-breaker seat: read the panel's opinions and decided between them.</summary>
    public bool TieBreaker { get; init; }
}

/// <summary>A follow-up question and its answer, added to the report as a signed addendum.</summary>
public sealed record ReportFollowUp(string QuestionId, string Question, string Answer, string AnsweredBy, DateTimeOffset AnsweredAt, int Version);

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
    bool DeliveredOnTime)
{
    /// <summary>Null on a draft: only a signed report reaches the patient and the referring hospital.</summary>
    public ReportSignature? Signature { get; init; }
    public bool Signed => Signature is not null;
    /// <summary>Written for the medical director to sign; never shown to the patient.</summary>
    public bool Draft { get; init; }
    /// <summary>How the conclusion was reached, in words (unanimous, majority, tie-breaker, director).</summary>
    public string? HowReached { get; init; }
    public int Version { get; init; } = 1;
    /// <summary>The patient's follow-up questions answered so far, each a signed addendum.</summary>
    public IReadOnlyList<ReportFollowUp> FollowUps { get; init; } = [];
}

public static class ReportBuilder
{
    public const string Version = "1";

    public static CaseReport Build(CaseFile caseFile, IReadOnlyList<ReportReviewer> reviewers, ConsensusResult consensus, DateTimeOffset issuedAt,
        ReportSignature? signature = null, int version = 1) =>
        new(caseFile.Id, Version, issuedAt, caseFile.Patient.Name, caseFile.Patient.DateOfBirth, caseFile.Category,
            caseFile.Question, caseFile.CurrentDiagnosis, caseFile.ProposedTreatment,
            caseFile.Documents.Select(d => new ReportDocument(d.Id, d.FileName, d.Extraction?.Method.ToString(), d.Extraction?.Pages ?? 0)).ToList(),
            caseFile.Triage, reviewers, consensus, caseFile.DueAt, caseFile.DueAt is null || issuedAt <= caseFile.DueAt)
        {
            Signature = signature,
            HowReached = HowReached(consensus, signature),
            Version = version,
        };

    public static string HowReached(ConsensusResult consensus, ReportSignature? signature) => consensus.Method switch
    {
        ConsensusMethod.Unanimous => $"All {consensus.OpinionCount} reviewers reached the same conclusion independently.",
        ConsensusMethod.TieBreaker => "The panel disagreed; a further reviewer from the same field, who had not sat on the panel, read every opinion and gave the deciding opinion.",
        ConsensusMethod.DirectorDecides => signature is { Note: { } note }
            ? $"The panel disagreed and no tie-breaking reviewer was available; the medical director decided: {note}"
            : "The panel disagreed and no tie-breaking reviewer was available; the medical director decides.",
        ConsensusMethod.NoOpinions => "No reviewer opinion was received; the medical director reviewed the case.",
        _ => "The reviewers disagree; the conclusion follows the majority and the dissent is reported.",
    };
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
        if (report.Draft) html.Append("<p class=\"dissent\"><strong>DRAFT — not signed by the medical director; not for the patient.</strong></p>");
        html.Append("<h2>Consensus</h2><p><strong>").Append(E(report.Consensus.Summary)).Append("</strong></p>")
            .Append("<p>How it was reached: ").Append(E(report.HowReached)).Append("</p>")
            .Append("<p>Mean reviewer confidence: ").Append(report.Consensus.MeanConfidence.ToString("0.00")).Append("</p>");
        html.Append("<h2>Reviewers</h2>");
        foreach (var r in report.Reviewers)
        {
            var dissent = report.Consensus.DissentingSpecialists.Contains(r.SpecialistId);
            html.Append("<h3").Append(dissent ? " class=\"dissent\"" : "").Append('>').Append(E(r.SpecialistName)).Append(", ").Append(E(r.Subspecialty))
                .Append(r.TieBreaker ? " (tie-breaking reviewer)" : "").Append(dissent ? " (dissenting)" : "").Append("</h3><table>")
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
        html.Append("</ul>");
        if (report.Signature is { } signature)
        {
            html.Append("<h2>Medical director's sign-off</h2><p>Signed by <strong>").Append(E(signature.DirectorName)).Append("</strong>")
                .Append(signature.Credentials is null ? "" : ", " + E(signature.Credentials)).Append(", on ").Append(signature.SignedAt.ToString("yyyy-MM-dd HH:mm 'UTC'")).Append(".</p>");
            if (signature.Note is not null) html.Append("<blockquote>").Append(E(signature.Note)).Append("</blockquote>");
        }
        if (report.FollowUps.Count > 0)
        {
            html.Append("<h2>Follow-up questions (addenda)</h2>");
            foreach (var f in report.FollowUps)
                html.Append("<h3>Question ").Append(E(f.QuestionId)).Append(" (version ").Append(f.Version).Append(")</h3><p><strong>").Append(E(f.Question)).Append("</strong></p><blockquote>")
                    .Append(E(f.Answer)).Append("</blockquote><p>Answered and signed by ").Append(E(f.AnsweredBy)).Append(" on ").Append(f.AnsweredAt.ToString("yyyy-MM-dd HH:mm 'UTC'")).Append(".</p>");
        }
        html.Append("<p><small>This report is a second opinion for the patient and their treating physicians; it does not replace their care.</small></p></body></html>");
        return html.ToString();
    }
}
