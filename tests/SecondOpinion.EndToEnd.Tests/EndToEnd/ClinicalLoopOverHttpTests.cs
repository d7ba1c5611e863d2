using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecondOpinion.Core.Common;
using SecondOpinion.Tests.Support;
using UglyToad.PdfPig;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// The medical director's sign-off and the patient's follow-up questions over HTTP against the local
/// host: what each person can do, and the problems each refused request gets.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClinicalLoopOverHttpTests(AzuriteFixture azurite)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task the_director_signs_over_http_then_the_patient_reads_the_signed_report_and_a_follow_up_answer()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-loop", Roles.Patient);
        var director = await host.TokenAsync(CaseJourneyTests.Director, Roles.Director);
        var ops = await host.TokenAsync("ops-loop", Roles.Ops);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var tokens = new Dictionary<string, string>();

        // The panel answers; the draft waits for the director and the patient sees no report yet.
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "signoff", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens, sign: false));
        var notSigned = await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient), HttpStatusCode.NotFound);
        Assert.Contains("not ready", notSigned.GetProperty("detail").GetString());
        var queue = await host.JsonAsync(HttpMethod.Get, "/api/director/queue", director);
        var item = Assert.Single(queue.EnumerateArray(), i => i.GetProperty("caseId").GetString() == caseId);
        Assert.Equal(1, item.GetProperty("round").GetInt32());
        var packet = await host.JsonAsync(HttpMethod.Get, $"/api/director/cases/{caseId}", director);
        Assert.True(packet.GetProperty("opinions").GetArrayLength() >= 2);
        Assert.False(packet.TryGetProperty("patient", out _));

        // Who may not sign, and what a bad decision gets.
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", ops, JsonContent.Create(new { decision = "sign" })), HttpStatusCode.Forbidden);
        var stranger = await host.TokenAsync("director-not-on-roster", Roles.Director);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", stranger, JsonContent.Create(new { decision = "sign" })), HttpStatusCode.Forbidden);
        var invalid = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", director, JsonContent.Create(new { decision = "approve" })),
            HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("decision", out _));
        var noQuestion = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", director, JsonContent.Create(new { decision = "return" })),
            HttpStatusCode.BadRequest);
        Assert.True(noQuestion.GetProperty("errors").TryGetProperty("note", out _));

        var signed = await host.JsonAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", director, JsonContent.Create(new { decision = "sign", note = "Agree with the panel." }), 201);
        var again = await host.JsonAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", director, JsonContent.Create(new { decision = "sign", note = "Agree with the panel." }), 200);
        Assert.Equal(signed.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed");

        var report = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient);
        Assert.Equal("Dr. Grace Okafor", report.GetProperty("signature").GetProperty("directorName").GetString());
        using (var pdf = await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient, configure: r => r.Headers.Accept.ParseAdd("application/pdf")))
        {
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
            var text = string.Join(" ", document.GetPages().Select(p => p.Text));
            Assert.Contains("Dr. Grace Okafor", text);
            Assert.Contains("Medical director", text);
        }

        // Follow-up: a bad question, then a good one, answered by a reviewer of the panel.
        var empty = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/questions", patient, JsonContent.Create(new { question = "" })), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("question", out _));
        var otherPatient = await host.TokenAsync("patient-not-mine", Roles.Patient);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/questions", otherPatient, JsonContent.Create(new { question = "Mine?" })), HttpStatusCode.NotFound);
        var asked = await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/questions", patient, JsonContent.Create(new { question = "How often should my PSA be checked?" }), 201);
        Assert.Equal("q1", asked.GetProperty("id").GetString());

        var reviewer = tokens.First(t => t.Key != CaseJourneyTests.Director);
        var done = await host.JsonAsync(HttpMethod.Get, "/api/assignments?status=completed", reviewer.Value);
        var assignmentId = done.EnumerateArray().First(a => a.GetProperty("caseId").GetString() == caseId).GetProperty("id").GetString()!;
        var materials = await host.JsonAsync(HttpMethod.Get, $"/api/assignments/{assignmentId}/case", reviewer.Value);
        Assert.Equal("How often should my PSA be checked?", materials.GetProperty("followUpQuestions")[0].GetProperty("question").GetString());
        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/questions/q1/answer", reviewer.Value, JsonContent.Create(new { answer = "Every six months for two years." }), 201);

        var until = DateTime.UtcNow.AddSeconds(60);
        JsonElement amended;
        while (true)
        {
            amended = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient);
            if (amended.GetProperty("followUps").GetArrayLength() == 1) break;
            Assert.True(DateTime.UtcNow < until, "the addendum never arrived");
            await Task.Delay(300);
        }
        Assert.Equal(2, amended.GetProperty("version").GetInt32());
        Assert.Equal("Every six months for two years.", amended.GetProperty("followUps")[0].GetProperty("answer").GetString());
        var questions = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}/questions", patient);
        Assert.Equal("answered", questions[0].GetProperty("status").GetString());
    }
}
