using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Demo;
using SecondOpinion.Samples;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>Cases driven over HTTP against the running local host on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CaseJourneyTests(AzuriteFixture azurite)
{
    public static object CaseBody(string name = "Alex Test") => new
    {
        patient = new { name, dateOfBirth = "1961-04-12", email = "alex@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
        consent = new { accepted = true, version = "2026-01" },
        category = "oncology",
        question = "Is radical prostatectomy necessary?",
        currentDiagnosis = "Prostate adenocarcinoma",
        proposedTreatment = "Radical prostatectomy",
        tier = "standard",
    };

    /// <summary>A patient case with one text-layer PDF, not yet submitted (its workflow waits at intake).</summary>
    public static async Task<string> CreateCaseWithRecordAsync(LocalHostRunner host, string patientToken)
    {
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", patientToken, JsonContent.Create(CaseBody()), 201);
        var caseId = created.GetProperty("id").GetString()!;
        var pdf = new ByteArrayContent(SampleRecords.TextPdf(SampleRecords.PathologyReport));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patientToken, pdf, 201, r => r.Headers.Add("X-File-Name", "pathology.pdf"));
        return caseId;
    }

    public static async Task<string> CreateSubmittedCaseAsync(LocalHostRunner host, string patientToken)
    {
        var caseId = await CreateCaseWithRecordAsync(host, patientToken);
        var form = new MultipartFormDataContent();
        var png = new ByteArrayContent(SampleRecords.ScannedNotePng());
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(png, "file", "scan.png");
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patientToken, form, 201);
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patientToken, null, 202);
        return caseId;
    }

    /// <summary>Plays the panel over HTTP: each specialist lists their assignments, accepts, reads, opines.</summary>
    public static async Task<int> ReviewOnceAsync(LocalHostRunner host, string caseId, Dictionary<string, string> tokens, Func<string, bool>? skipOpinion = null, bool sign = true)
    {
        var acted = 0;
        // Who holds each seat comes from the store (the notification a reviewer would get); the rest is HTTP.
        var store = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Review.IAssignmentRepository>();
        foreach (var a in await store.ForCaseAsync(caseId))
        {
            if (!a.IsActive) continue;
            if (!tokens.TryGetValue(a.SpecialistId, out var token)) tokens[a.SpecialistId] = token = await host.TokenAsync(a.SpecialistId, Roles.Specialist);
            var mine = await host.JsonAsync(HttpMethod.Get, "/api/assignments", token);
            Assert.Contains(mine.EnumerateArray(), x => x.GetProperty("id").GetString() == a.Id);
            if (a.Status == SecondOpinion.Core.Review.AssignmentStatus.Offered)
            {
                await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{a.Id}/accept", token);
                acted++;
                continue;
            }
            if (skipOpinion?.Invoke(a.SeatId) == true) continue;
            var materials = await host.JsonAsync(HttpMethod.Get, $"/api/assignments/{a.Id}/case", token);
            Assert.True(materials.GetProperty("documents").GetArrayLength() >= 1);
            await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{a.Id}/opinion", token, JsonContent.Create(new
            {
                agreement = "confirm",
                diagnosis = "Prostate adenocarcinoma, Gleason 3+4",
                recommendation = "Proceed with prostatectomy",
                surgeryNecessary = true,
                confidence = 0.85,
                narrative = $"Reviewed as {a.Subspecialty}.",
                answers = new[] { "Yes, surgery is appropriate." },
            }), 201);
            acted++;
        }
        if (sign && await SignIfWaitingAsync(host, caseId, tokens)) acted++;
        return acted;
    }

    /// <summary>The medical director, over HTTP: finds the case in the sign-off queue, reads its packet and signs it.</summary>
    public static async Task<bool> SignIfWaitingAsync(LocalHostRunner host, string caseId, Dictionary<string, string> tokens, string note = "Reviewed the opinions and the evidence; signed.")
    {
        if (!tokens.TryGetValue(Director, out var token)) tokens[Director] = token = await host.TokenAsync(Director, Roles.Director);
        var queue = await host.JsonAsync(HttpMethod.Get, "/api/director/queue", token);
        if (!queue.EnumerateArray().Any(i => i.GetProperty("caseId").GetString() == caseId)) return false;
        var packet = await host.JsonAsync(HttpMethod.Get, $"/api/director/cases/{caseId}", token);
        if (packet.GetProperty("decide").GetArrayLength() == 0) return false;
        await host.JsonAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", token, JsonContent.Create(new { decision = "sign", note }), 201);
        return true;
    }

    /// <summary>A medical director on the local host's development roster.</summary>
    public const string Director = "director-1";

    /// <summary>The case's orchestration has finished (its last step, announcing the report, comes after the stage says completed).</summary>
    public static async Task<Microsoft.DurableTask.Client.OrchestrationMetadata> WaitForWorkflowAsync(LocalHostRunner host, string caseId, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await host.Host!.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>()
            .WaitForInstanceCompletionAsync(SecondOpinion.Core.Workflow.CaseInstance.IdFor(caseId), timeout.Token);
    }

    public static async Task<JsonElement> WaitForStageAsync(LocalHostRunner host, string caseId, string token, string stage, Func<Task>? betweenPolls = null, int seconds = 90)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", token);
            if (view.GetProperty("stage").GetString() == stage) return view;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Case {caseId} stayed at {view.GetProperty("stage")} (wanted {stage}).");
            if (betweenPolls is not null) await betweenPolls();
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task a_patient_case_goes_over_http_from_creation_to_a_report()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-e2e", Roles.Patient);
        var caseId = await CreateSubmittedCaseAsync(host, patient);
        var tokens = new Dictionary<string, string>();

        var done = await WaitForStageAsync(host, caseId, patient, "completed", () => ReviewOnceAsync(host, caseId, tokens));

        Assert.Equal($"/api/cases/{caseId}/report", done.GetProperty("reportUrl").GetString());
        Assert.Equal(2, done.GetProperty("documents").GetArrayLength());
        Assert.Contains(done.GetProperty("documents").EnumerateArray(), d => d.GetProperty("extraction").GetProperty("method").GetString() == "ocr");
        Assert.All(done.GetProperty("panel").EnumerateArray(), s => Assert.Equal("completed", s.GetProperty("status").GetString()));

        var report = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient);
        Assert.Equal(caseId, report.GetProperty("caseId").GetString());
        Assert.True(report.GetProperty("consensus").GetProperty("concordant").GetBoolean());
        Assert.Equal(report.GetProperty("reviewers").GetArrayLength(), done.GetProperty("panel").GetArrayLength());

        using var html = await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient, configure: r => r.Headers.Accept.ParseAdd("text/html"));
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Second opinion report", await html.Content.ReadAsStringAsync());

        var audit = (await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(caseId)).Entries;
        Assert.Contains(audit, e => e.Action == "report.read" && e.Actor == "patient-e2e");
        Assert.Contains(audit, e => e.Action == AuditActions.MaterialsDisclosed && e.ActorRole == Roles.Specialist);
    }

    [Fact]
    public async Task a_hospital_drop_becomes_a_case_that_reaches_a_report()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var ops = await host.TokenAsync("ops-1", Roles.Ops);
        await DemoRunner.DropHospitalBatchAsync(host.Http, await host.TokenAsync("hosp-stmary", Roles.Hospital), CancellationToken.None);

        string? caseId = null;
        var until = DateTime.UtcNow.AddSeconds(30);
        while (caseId is null && DateTime.UtcNow < until)
        {
            var cases = await host.JsonAsync(HttpMethod.Get, "/api/ops/cases", ops);
            caseId = cases.EnumerateArray().Where(c => c.GetProperty("source").GetString() == "hospital").Select(c => c.GetProperty("id").GetString()).FirstOrDefault();
            await Task.Delay(200);
        }
        Assert.NotNull(caseId);
        var hospital = await host.TokenAsync("hosp-stmary", Roles.Hospital);
        var tokens = new Dictionary<string, string>();
        var done = await WaitForStageAsync(host, caseId!, hospital, "completed", () => ReviewOnceAsync(host, caseId!, tokens));
        Assert.Equal("hospital", done.GetProperty("source").GetString());
        // The referring hospital's affiliated specialists never sit on its panel (conflict of interest).
        var directory = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Matching.SpecialistDirectory>();
        foreach (var specialistId in tokens.Keys.Where(k => k != Director))
            Assert.DoesNotContain("hosp-stmary", (await directory.FindAsync(specialistId))!.Affiliations);
    }

    [Fact]
    public async Task a_case_waiting_for_an_opinion_survives_a_restart_and_completes_exactly_once()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-restart", Roles.Patient);
        var caseId = await CreateSubmittedCaseAsync(host, patient);
        var tokens = new Dictionary<string, string>();

        // Everyone accepts and all but seat-1 give their opinion; the case waits for seat-1.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await ReviewOnceAsync(host, caseId, tokens, skipOpinion: seat => seat == "seat-1");
            var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient);
            var seats = view.GetProperty("panel").EnumerateArray().ToList();
            if (seats.Count > 0 && seats.All(s => s.GetProperty("seatId").GetString() == "seat-1" ? s.GetProperty("status").GetString() == "accepted" : s.GetProperty("status").GetString() == "completed"))
                break;
            Assert.True(DateTime.UtcNow < until, "the panel did not reach the waiting state");
            await Task.Delay(200);
        }
        Assert.Equal("review", (await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient)).GetProperty("stage").GetString());

        await host.StopAsync();
        await host.StartAsync();

        var seat1 = (await host.Host!.Services.GetRequiredService<SecondOpinion.Core.Review.IAssignmentRepository>().ForCaseAsync(caseId)).Single(a => a.SeatId == "seat-1" && a.IsActive);
        var specialist = await host.TokenAsync(seat1.SpecialistId, Roles.Specialist);
        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{seat1.Id}/opinion", specialist, JsonContent.Create(new
        {
            agreement = "confirm", diagnosis = "Adenocarcinoma", recommendation = "Proceed", surgeryNecessary = true, confidence = 0.9, narrative = "After restart.", answers = Array.Empty<string>(),
        }), 201);

        var done = await WaitForStageAsync(host, caseId, patient, "completed", () => SignIfWaitingAsync(host, caseId, tokens));
        Assert.Single(done.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("event").GetString() == "Report signed by the medical director and delivered.");
        await WaitForWorkflowAsync(host, caseId);
        await Task.Delay(1500); // a duplicate completion would show up as a second report event
        var events = new CaseEventQueue(azurite.ConnectionString, $"events-{host.TaskHub}");
        await events.DrainAsync();
        var reportEvents = events.Delivered(caseId).Count(e => e.Type == EventTypes.ReportReady);
        var client = host.Host.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        var instance = await client.GetInstanceAsync(SecondOpinion.Core.Workflow.CaseInstance.IdFor(caseId));
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(1, reportEvents);
    }
}
