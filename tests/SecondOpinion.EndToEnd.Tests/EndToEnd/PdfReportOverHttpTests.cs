using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Samples;
using SecondOpinion.Tests.Support;
using UglyToad.PdfPig;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>The report as a PDF over HTTP, chosen by the Accept header, for a patient whose name and question are Japanese.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PdfReportOverHttpTests(AzuriteFixture azurite)
{
    private const string Name = "山田 花子";
    private const string Question = "手術は本当に必要ですか？ Is radical prostatectomy necessary?";

    private static string Squash(string s) => new(s.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static async Task<HttpResponseMessage> ReportAsync(LocalHostRunner host, string caseId, string token, string? accept) =>
        await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", token, configure: r => { if (accept is not null) r.Headers.TryAddWithoutValidation("Accept", accept); });

    private static async Task<string?> MediaTypeAsync(LocalHostRunner host, string caseId, string token, string? accept)
    {
        using var response = await ReportAsync(host, caseId, token, accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Content.Headers.ContentType?.MediaType;
    }

    [Fact]
    public async Task a_completed_case_serves_its_report_as_a_pdf_when_the_client_accepts_one()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-pdf", Roles.Patient);
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(new
        {
            patient = new { name = Name, dateOfBirth = "1961-04-12", email = "hanako@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
            consent = new { accepted = true, version = "2026-01" },
            category = "oncology",
            question = Question,
            currentDiagnosis = "Prostate adenocarcinoma",
            proposedTreatment = "Radical prostatectomy",
            tier = "standard",
        }), 201);
        var caseId = created.GetProperty("id").GetString()!;
        var record = new ByteArrayContent(SampleRecords.TextPdf(SampleRecords.PathologyReport));
        record.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, record, 201, r => r.Headers.Add("X-File-Name", "pathology.pdf"));
        using (var notReady = await ReportAsync(host, caseId, patient, "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notReady.StatusCode);
            Assert.Equal("application/problem+json", notReady.Content.Headers.ContentType?.MediaType);
        }
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);
        var tokens = new Dictionary<string, string>();
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens));
        var report = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient);

        using var response = await ReportAsync(host, caseId, patient, "application/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        string text;
        using (var pdf = PdfDocument.Open(bytes)) text = Squash(string.Concat(pdf.GetPages().Select(p => p.Text)));
        Assert.Contains(caseId, text);
        Assert.Contains(Squash(report.GetProperty("consensus").GetProperty("summary").GetString()!), text);
        Assert.NotEmpty(report.GetProperty("reviewers").EnumerateArray());
        foreach (var reviewer in report.GetProperty("reviewers").EnumerateArray())
            Assert.Contains(Squash(reviewer.GetProperty("specialistName").GetString()!), text);
        Assert.Contains(Squash(Name), text); // scripts/common.sh installs the CJK font (fonts-droid-fallback)
        Assert.Contains(Squash(Question), text);

        // The other formats answer as before; a tie or a refusal (q=0) keeps the JSON default.
        Assert.Equal("application/json", await MediaTypeAsync(host, caseId, patient, null));
        Assert.Equal("text/html", await MediaTypeAsync(host, caseId, patient, "text/html"));
        Assert.Equal("application/json", await MediaTypeAsync(host, caseId, patient, "application/pdf, application/json"));
        Assert.Equal("application/json", await MediaTypeAsync(host, caseId, patient, "application/pdf;q=0"));
        Assert.Equal("application/json", await MediaTypeAsync(host, caseId, patient, "image/png"));
        Assert.Equal("application/pdf", await MediaTypeAsync(host, caseId, patient, "text/html;q=0.5, application/pdf"));

        // The same access rule as the other formats: another patient does not learn the case exists.
        using (var stranger = await ReportAsync(host, caseId, await host.TokenAsync("patient-stranger", Roles.Patient), "application/pdf"))
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        var audit = (await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(caseId)).Entries;
        Assert.Contains(audit, e => e.Action == AuditActions.ReportDownload && e.Actor == "patient-pdf"
            && e.Resource == $"{BlobLayout.ReportsContainer}/{BlobLayout.ReportPdf(caseId)}");
    }
}
