using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>Collects every log line of the host, at every level, from every category.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>
/// Unmistakable values in the form, in a record and in a file name; a case run to its report; then
/// none of them in the task hub (every history and instance row, every large-message blob), the
/// host's logs at every level, the integration events, or the responses other callers get.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PatientDataMarkerTests(AzuriteFixture azurite)
{
    private const string NameMarker = "Qzxname Vorpalsson";
    private const string EmailMarker = "qzxmail@example.org";
    private const string QuestionMarker = "QZXQUESTION";
    private const string DiagnosisMarker = "QZXDIAGNOSIS";
    private const string RecordMarker = "QZXRECORD";
    private const string FileNameMarker = "qzxfile-vorpalsson.txt";
    private static readonly string[] Markers = [NameMarker, "Vorpalsson", EmailMarker, "1937-03-21", QuestionMarker, DiagnosisMarker, RecordMarker, "qzxfile"];

    private static void AssertClean(string where, string text)
    {
        foreach (var marker in Markers)
            Assert.False(text.Contains(marker, StringComparison.OrdinalIgnoreCase), $"'{marker}' found in {where}: …{Around(text, marker)}…");
    }

    private static string Around(string text, string marker)
    {
        var i = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return text[Math.Max(0, i - 120)..Math.Min(text.Length, i + marker.Length + 120)];
    }

    [Fact]
    public async Task patient_data_stays_out_of_history_logs_events_and_other_callers_responses()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = new LocalHostRunner(azurite, configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace); // every category, every level
        });
        await host.StartAsync();

        var patient = await host.TokenAsync("patient-marker", Roles.Patient);
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(new
        {
            patient = new { name = NameMarker, dateOfBirth = "1937-03-21", email = EmailMarker, preferredLanguage = "en", jurisdiction = "US-OH" },
            consent = new { accepted = true, version = "2026-01" },
            category = "oncology",
            question = $"Is prostatectomy necessary? {QuestionMarker}",
            currentDiagnosis = $"Prostate adenocarcinoma {DiagnosisMarker}",
            proposedTreatment = "Radical prostatectomy",
            tier = "standard",
        }), 201);
        var caseId = created.GetProperty("id").GetString()!;
        var record = new ByteArrayContent(Encoding.UTF8.GetBytes($"Pathology: prostate adenocarcinoma, Gleason 3+4=7, PSA 8.1 ng/mL. Patient {NameMarker}. {RecordMarker}"));
        record.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, record, 201, r => r.Headers.Add("X-File-Name", FileNameMarker));
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);

        var tokens = new Dictionary<string, string>();
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens));
        // The markers did go in: the record was read, and the patient's own report carries their question.
        Assert.Contains(RecordMarker, await ReadRecordTextAsync(host, caseId));
        Assert.Contains(QuestionMarker, await (await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", patient)).Content.ReadAsStringAsync());

        // The task hub: every row of every table, every blob of every container it owns.
        var hub = host.TaskHub.ToLowerInvariant();
        var tables = new TableServiceClient(azurite.ConnectionString);
        var rows = 0;
        await foreach (var table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(host.TaskHub, StringComparison.OrdinalIgnoreCase)) continue;
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows++;
                AssertClean($"table {table.Name}", string.Join("|", entity.Select(p => $"{p.Key}={p.Value}")));
            }
        }
        Assert.True(rows > 20, $"only {rows} task-hub rows read");
        await foreach (var container in azurite.Blobs.GetBlobContainersAsync(prefix: hub))
        {
            var client = azurite.Blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                AssertClean($"blob {container.Name}/{blob.Name}", Encoding.UTF8.GetString(content));
            }
        }

        // Integration events.
        var queue = new QueueClient(azurite.ConnectionString, $"events-{host.TaskHub}");
        var events = 0;
        for (var page = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value; page.Length > 0;
             page = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value)
        {
            foreach (var message in page)
            {
                events++;
                AssertClean("an integration event", message.Body.ToString());
            }
        }
        Assert.True(events > 5, $"only {events} events read");

        // Other callers: another patient, a hospital, a specialist who is not on the panel, ops lists,
        // and what the panel's own specialists see beyond the record (no name, no file name).
        var others = new List<(string Who, HttpResponseMessage Response)>
        {
            ("another patient", await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", await host.TokenAsync("patient-other", Roles.Patient))),
            ("another patient, report", await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", await host.TokenAsync("patient-other", Roles.Patient))),
            ("a hospital", await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", await host.TokenAsync("hosp-stmary", Roles.Hospital))),
            ("a specialist off the panel", await host.SendAsync(HttpMethod.Get, "/api/assignments", await host.TokenAsync("sp-not-on-panel", Roles.Specialist))),
            ("the ops board", await host.SendAsync(HttpMethod.Get, "/api/ops/cases", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("the escalation list", await host.SendAsync(HttpMethod.Get, $"/api/ops/escalations?caseId={caseId}", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("ops without a purpose", await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("the director's packet", await host.SendAsync(HttpMethod.Get, $"/api/director/cases/{caseId}", await host.TokenAsync(CaseJourneyTests.Director, Roles.Director))),
            ("the case's notifications", await host.SendAsync(HttpMethod.Get, $"/api/ops/notifications?caseId={caseId}", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("the panel explained", await host.SendAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/panel", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("the workflow's status and steps", await host.SendAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/workflow", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("the patient's own notifications", await host.SendAsync(HttpMethod.Get, "/api/notifications", patient)),
            ("the patient's own case list", await host.SendAsync(HttpMethod.Get, "/api/cases", patient)),
            ("a hospital's own case list", await host.SendAsync(HttpMethod.Get, "/api/cases", await host.TokenAsync("hosp-stmary", Roles.Hospital))),
            ("the quarantine list", await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine", await host.TokenAsync("ops-marker", Roles.Ops))),
            ("ops asking for a record without a purpose", await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/documents/{(await host.Host!.Services.GetRequiredService<ICaseRepository>().GetAsync(caseId)).Documents[0].Id}",
                await host.TokenAsync("ops-marker", Roles.Ops))),
        };
        foreach (var (who, response) in others) AssertCleanOf(who, await response.Content.ReadAsStringAsync(), allowClinical: who is "ops without a purpose" or "the director's packet");
        Assert.NotEmpty(tokens);
        foreach (var (specialist, token) in tokens.Where(t => t.Key != CaseJourneyTests.Director))
        {
            foreach (var a in (await host.JsonAsync(HttpMethod.Get, "/api/assignments", token)).EnumerateArray())
            {
                var materials = await (await host.SendAsync(HttpMethod.Get, $"/api/assignments/{a.GetProperty("id").GetString()}/case", token)).Content.ReadAsStringAsync();
                foreach (var marker in new[] { EmailMarker, "1937-03-21", FileNameMarker, "qzxfile" })
                    Assert.DoesNotContain(marker, materials, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("Record 1 (text", materials);
            }
        }
        // The original a reviewer opens is the record itself; nothing that names it is the file's name.
        var documentId = (await host.Host!.Services.GetRequiredService<ICaseRepository>().GetAsync(caseId)).Documents[0].Id;
        var originals = 0;
        foreach (var (specialist, token) in tokens.Where(t => t.Key != CaseJourneyTests.Director))
        {
            foreach (var a in (await host.JsonAsync(HttpMethod.Get, "/api/assignments?status=completed", token)).EnumerateArray().Where(a => a.GetProperty("caseId").GetString() == caseId))
            {
                using var original = await host.SendAsync(HttpMethod.Get, $"/api/assignments/{a.GetProperty("id").GetString()}/documents/{documentId}", token);
                Assert.True(original.IsSuccessStatusCode, $"{specialist}: {(int)original.StatusCode}");
                AssertClean("the headers of the original a specialist reads", $"{original.Headers} {original.Content.Headers}");
                Assert.Equal("record-1.txt", original.Content.Headers.ContentDisposition?.FileNameStar);
                originals++;
            }
        }

        Assert.True(originals > 0, "no reviewer opened the original");

        // And the logs, at every level, of everything that ran.
        await host.StopAsync();
        Assert.True(logs.Lines.Count > 100, $"only {logs.Lines.Count} log lines captured");
        foreach (var line in logs.Lines) AssertClean("the host's logs", line);
    }

    /// <summary>Ops may read the question (clinical operations) but never the identity without a purpose; everyone else sees neither.</summary>
    private static void AssertCleanOf(string who, string body, bool allowClinical)
    {
        if (!allowClinical)
        {
            AssertClean($"the response to {who}", body);
            return;
        }
        foreach (var marker in new[] { NameMarker, "Vorpalsson", EmailMarker, "1937-03-21", RecordMarker, "qzxfile" })
            Assert.False(body.Contains(marker, StringComparison.OrdinalIgnoreCase), $"'{marker}' in the response to {who}");
    }

    private static async Task<string> ReadRecordTextAsync(LocalHostRunner host, string caseId)
    {
        var files = host.Host!.Services.GetRequiredService<IFileStore>();
        return await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(caseId, (await host.Host.Services.GetRequiredService<SecondOpinion.Core.Intake.ICaseRepository>().GetAsync(caseId)).Documents[0].Id)) ?? "";
    }
}
