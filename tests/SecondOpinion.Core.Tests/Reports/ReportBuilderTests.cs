using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Tests.Reports;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset Due = new(2025, 6, 9, 10, 0, 0, TimeSpan.Zero);

    private static CaseFile Case(string question = "Is surgery necessary?", DateTimeOffset? dueAt = null) => new()
    {
        Id = "case-42",
        Source = CaseSource.Patient,
        OwnerSubject = "subject-1",
        Patient = new PatientDetails("Ada Patient", new DateOnly(1960, 4, 12), "ada@example.org", "en", "US-OH"),
        Consent = new ConsentRecord(true, "2025-01", Due.AddDays(-10)),
        Category = CaseCategory.Oncology,
        Question = question,
        CurrentDiagnosis = "Prostate adenocarcinoma",
        ProposedTreatment = null,
        Tier = ServiceTier.Standard,
        Stage = CaseStage.Report,
        CreatedAt = Due.AddDays(-10),
        DueAt = dueAt,
        Documents =
        [
            new CaseDocument("doc-1", "biopsy.pdf", "application/pdf", 1000, "abc", Due.AddDays(-9), "subject-1",
                new ExtractionSummary("doc-1", ExtractionMethod.Ocr, 3, 3, 2000, 4)),
            new CaseDocument("doc-2", "notes.txt", "text/plain", 10, "def", Due.AddDays(-9), "subject-1"),
        ],
    };

    private static Opinion Opinion(Agreement agreement, bool surgery, string narrative = "Reviewed.", IReadOnlyList<string>? answers = null) =>
        new(agreement, "Adenocarcinoma", "Surveillance", surgery, 0.8, narrative, answers ?? [], Due.AddDays(-1));

    private static readonly ConsensusResult Consensus = new(Agreement.Confirm, true, false, 0.8, 1, [], "All 1 reviewers agree.");

    [Fact]
    public void a_report_issued_before_the_due_time_is_on_time()
    {
        Assert.True(ReportBuilder.Build(Case(dueAt: Due), [], Consensus, Due.AddHours(-1)).DeliveredOnTime);
    }

    [Fact]
    public void a_report_issued_exactly_at_the_due_time_is_on_time()
    {
        Assert.True(ReportBuilder.Build(Case(dueAt: Due), [], Consensus, Due).DeliveredOnTime);
    }

    [Fact]
    public void a_report_issued_after_the_due_time_is_late()
    {
        var report = ReportBuilder.Build(Case(dueAt: Due), [], Consensus, Due.AddSeconds(1));

        Assert.False(report.DeliveredOnTime);
        Assert.Contains("later than promised", ReportHtmlRenderer.Render(report));
    }

    [Fact]
    public void a_case_without_a_due_time_is_never_late()
    {
        Assert.True(ReportBuilder.Build(Case(dueAt: null), [], Consensus, Due.AddYears(1)).DeliveredOnTime);
    }

    [Fact]
    public void the_report_carries_the_case_details_and_the_records_read()
    {
        var issued = Due.AddHours(-2);

        var report = ReportBuilder.Build(Case(dueAt: Due), [], Consensus, issued);

        Assert.Equal("case-42", report.CaseId);
        Assert.Equal(ReportBuilder.Version, report.ReportVersion);
        Assert.Equal(issued, report.IssuedAt);
        Assert.Equal("Ada Patient", report.PatientName);
        Assert.Equal(CaseCategory.Oncology, report.Category);
        Assert.Equal(Due, report.DueAt);
        Assert.Same(Consensus, report.Consensus);
        Assert.Equal(
            [new ReportDocument("doc-1", "biopsy.pdf", "Ocr", 3), new ReportDocument("doc-2", "notes.txt", null, 0)],
            report.RecordsReviewed);
    }

    [Fact]
    public void patient_supplied_text_is_html_encoded()
    {
        var report = ReportBuilder.Build(Case(question: "Is this <script>alert('x')</script> & safe?"), [], Consensus, Due);

        var html = ReportHtmlRenderer.Render(report);

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("Is this &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; safe?", html);
    }

    [Fact]
    public void reviewer_text_is_html_encoded_too()
    {
        var reviewer = new ReportReviewer("s1", "Dr <b>Bold</b>", "pathology", Opinion(Agreement.Confirm, false, "PSA < 4 & falling", ["<img src=x>"]));

        var html = ReportHtmlRenderer.Render(ReportBuilder.Build(Case(), [reviewer], Consensus, Due));

        Assert.DoesNotContain("<b>Bold</b>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("PSA &lt; 4 &amp; falling", html);
        Assert.Contains("<blockquote>&lt;img src=x&gt;</blockquote>", html);
    }

    [Fact]
    public void dissenting_reviewers_are_named_as_such_and_others_are_not()
    {
        var consensus = new ConsensusResult(Agreement.Confirm, false, false, 0.75, 2, ["s2"], "The panel majority confirms; 1 of 2 reviewers dissent.");
        var reviewers = new[]
        {
            new ReportReviewer("s1", "Dr Grace Hopper", "medical-oncology", Opinion(Agreement.Confirm, false)),
            new ReportReviewer("s2", "Dr Alan Turing", "urologic-oncology", Opinion(Agreement.Disagree, true)),
        };

        var html = ReportHtmlRenderer.Render(ReportBuilder.Build(Case(), reviewers, consensus, Due));

        Assert.Contains("<h3 class=\"dissent\">Dr Alan Turing, urologic-oncology (dissenting)</h3>", html);
        Assert.Contains("<h3>Dr Grace Hopper, medical-oncology</h3>", html);
        Assert.Contains("1 of 2 reviewers dissent", html);
        Assert.Contains("Mean reviewer confidence: 0.75", html);
    }

    [Fact]
    public void missing_optional_text_is_shown_as_a_dash_and_triage_evidence_is_explained()
    {
        var triage = new TriageResult(CaseCategory.Oncology, ["medical-oncology", "urologic-oncology"], Urgency.Routine,
            [new TriageEvidence("urologic-oncology", "Prostate <adenocarcinoma>", "form:currentDiagnosis")]);
        var caseFile = Case() with { Triage = triage };

        var html = ReportHtmlRenderer.Render(ReportBuilder.Build(caseFile, [], Consensus, Due));

        Assert.Contains("<tr><th>Proposed treatment</th><td>—</td></tr>", html);
        Assert.Contains("urologic-oncology: “Prostate &lt;adenocarcinoma&gt;” (form:currentDiagnosis)", html);
        Assert.Contains("biopsy.pdf — 3 page(s), read by Ocr", html);
    }
}
