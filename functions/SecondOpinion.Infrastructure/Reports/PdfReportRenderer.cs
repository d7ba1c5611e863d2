using System.Globalization;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Infrastructure.Reports;

/// <summary>The report as an A4 PDF (PDFsharp): everything the JSON report holds, in the order a reader wants it.</summary>
public sealed class PdfReportRenderer : IReportPdfRenderer
{
    /// <summary>
    /// The parts of the report in reading order. A new part (a signature, an addendum, a timeline) is
    /// one more method here and one more entry in this list.
    /// </summary>
    private static readonly Action<PdfDocumentWriter, CaseReport>[] Sections =
        [Header, PatientAndQuestion, Consensus, Reviewers, WhyTheseSpecialists, RecordsReviewed, Signature, FollowUps, Disclaimer];

    private readonly ReportFontSet fonts;

    public PdfReportRenderer(ILogger<PdfReportRenderer> log) : this(ReportFontResolver.Install().Fonts)
    {
        if (fonts.Regular.Source == "embedded")
            log.LogWarning("DejaVu Sans was not found (Debian package fonts-dejavu-core): PDF reports are set in PDFsharp's built-in Segoe WP.");
        if (fonts.Cjk is null)
            log.LogWarning("No CJK font was found (Debian package fonts-droid-fallback): Japanese text in PDF reports is drawn as '?'.");
        log.LogInformation("PDF reports are set in {Latin} ({LatinSource}) and {Cjk} ({CjkSource}).",
            fonts.Regular.FaceName, fonts.Regular.Source, fonts.Cjk?.FaceName ?? "no CJK face", fonts.Cjk?.Source ?? "-");
    }

    /// <summary>With a chosen set of faces (tests: a machine without a CJK font).</summary>
    internal PdfReportRenderer(ReportFontSet fonts)
    {
        ReportFontResolver.Install();
        this.fonts = fonts;
    }

    public byte[] Render(CaseReport report)
    {
        using var pdf = new PdfDocumentWriter(fonts, $"Second opinion report {report.CaseId}", $"Second opinion report · case {report.CaseId}");
        foreach (var section in Sections) section(pdf, report);
        return pdf.ToPdf();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Name<T>(T value) where T : struct, Enum => EnumNames.Of(value).Replace('-', ' ');

    private static void Header(PdfDocumentWriter pdf, CaseReport report)
    {
        pdf.Title("Second opinion report");
        pdf.KeyValueTable([
            ("Case", report.CaseId),
            ("Issued", Time(report.IssuedAt)),
            ("Due", report.DueAt is { } due ? Time(due) : null),
            ("Delivered", report.DeliveredOnTime ? "on time" : "later than promised"),
            ("Report version", $"{report.ReportVersion}.{report.Version}"),
            ("Status", report.Draft ? "DRAFT, not signed: not for the patient" : report.Signed ? "signed by the medical director" : null),
        ]);
    }

    private static void PatientAndQuestion(PdfDocumentWriter pdf, CaseReport report)
    {
        pdf.Heading("Patient and question");
        pdf.KeyValueTable([
            ("Patient", $"{report.PatientName} (born {report.PatientDateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"),
            ("Category", Name(report.Category)),
            ("Question", report.Question),
            ("Current diagnosis", report.CurrentDiagnosis),
            ("Proposed treatment", report.ProposedTreatment),
        ]);
    }

    private static void Consensus(PdfDocumentWriter pdf, CaseReport report)
    {
        var consensus = report.Consensus;
        pdf.Heading("Consensus");
        pdf.Paragraph(consensus.Summary, PdfDocumentWriter.Strong);
        var dissenters = consensus.DissentingSpecialists
            .Select(id => report.Reviewers.FirstOrDefault(r => r.SpecialistId == id)?.SpecialistName ?? id).ToList();
        pdf.Subheading("How it was reached");
        if (report.HowReached is { } how) pdf.Paragraph(how);
        pdf.KeyValueTable([
            ("Opinions received", consensus.OpinionCount.ToString(CultureInfo.InvariantCulture)),
            ("Panel position", consensus.Agreement is { } a ? Name(a) : null),
            ("Concordant", consensus.Concordant ? "yes: every reviewer gave the same position" : "no: the majority position leads and the dissent is named"),
            ("Surgery necessary", consensus.SurgeryNecessary is { } s ? YesNo(s) : "the panel is split"),
            ("Mean reviewer confidence", Number(consensus.MeanConfidence)),
            ("Dissenting reviewers", dissenters.Count == 0 ? "none" : string.Join(", ", dissenters)),
        ]);
    }

    private static void Reviewers(PdfDocumentWriter pdf, CaseReport report)
    {
        pdf.Heading("Reviewers");
        if (report.Reviewers.Count == 0) pdf.Paragraph("No reviewer opinion was received.");
        foreach (var reviewer in report.Reviewers)
        {
            var opinion = reviewer.Opinion;
            var dissent = report.Consensus.DissentingSpecialists.Contains(reviewer.SpecialistId);
            pdf.Subheading($"{reviewer.SpecialistName}, {reviewer.Subspecialty}{(reviewer.TieBreaker ? " (tie-breaking reviewer)" : "")}{(dissent ? " (dissenting)" : "")}",
                dissent ? PdfDocumentWriter.Warning : null);
            pdf.KeyValueTable([
                ("Agreement", Name(opinion.Agreement)),
                ("Diagnosis", opinion.Diagnosis),
                ("Recommendation", $"{opinion.Recommendation} ({Name(opinion.Kind)})"),
                ("Surgery necessary", YesNo(opinion.SurgeryNecessary)),
                ("Confidence", Number(opinion.Confidence)),
                ("Given", Time(opinion.SubmittedAt)),
            ]);
            pdf.Label("Narrative");
            pdf.Paragraph(opinion.Narrative);
            if (opinion.Answers.Count == 0) continue;
            pdf.Label("Answers");
            foreach (var answer in opinion.Answers) pdf.Quote(answer);
        }
    }

    private static void WhyTheseSpecialists(PdfDocumentWriter pdf, CaseReport report)
    {
        if (report.Triage is not { } triage) return;
        pdf.Heading("Why these specialists");
        pdf.KeyValueTable([
            ("Subspecialties", string.Join(", ", triage.Subspecialties)),
            ("Urgency", Name(triage.Urgency)),
        ]);
        pdf.Bullets(triage.Evidence.Select(e => $"{e.Finding}: “{e.Phrase}” ({e.Source})"));
    }

    private static void RecordsReviewed(PdfDocumentWriter pdf, CaseReport report)
    {
        pdf.Heading("Records reviewed");
        if (report.RecordsReviewed.Count == 0) pdf.Paragraph("No records.");
        pdf.Bullets(report.RecordsReviewed.Select(d => $"{d.FileName}: {d.Pages} page(s), read by {d.Method ?? "—"}"));
    }

    private static void Signature(PdfDocumentWriter pdf, CaseReport report)
    {
        if (report.Signature is not { } signature) return;
        pdf.Heading("Medical director's sign-off");
        pdf.KeyValueTable([
            ("Signed by", signature.DirectorName),
            ("Credentials", signature.Credentials),
            ("Signed", Time(signature.SignedAt)),
        ]);
        if (signature.Note is { } note) pdf.Quote(note);
    }

    private static void FollowUps(PdfDocumentWriter pdf, CaseReport report)
    {
        if (report.FollowUps.Count == 0) return;
        pdf.Heading("Follow-up questions (addenda)");
        foreach (var f in report.FollowUps)
        {
            pdf.Subheading($"Question {f.QuestionId} (report version {f.Version})");
            pdf.Paragraph(f.Question, PdfDocumentWriter.Strong);
            pdf.Quote(f.Answer);
            pdf.Paragraph($"Answered and signed by {f.AnsweredBy} on {Time(f.AnsweredAt)}.");
        }
    }

    private static void Disclaimer(PdfDocumentWriter pdf, CaseReport report)
    {
        pdf.Space(8);
        pdf.Paragraph("This report is a second opinion for the patient and their treating physicians; it does not replace their care.", PdfDocumentWriter.Small);
    }
}
