using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Demo;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// The routes the web portal reads over HTTP: a patient's or hospital's own cases, an original
/// record shown in the page, and the quarantined hospital drops; with every refusal they give.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PortalRoutesOverHttpTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(string chain) =>
        host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(chain).ContinueWith(t => t.Result.Entries);

    /// <summary>Every page of a listing, following X-Continuation-Token.</summary>
    private async Task<(List<JsonElement> Items, int Pages)> AllPagesAsync(string path, string token, int pageSize)
    {
        var items = new List<JsonElement>();
        string? next = null;
        var pages = 0;
        do
        {
            var query = $"{path}?pageSize={pageSize}" + (next is null ? "" : $"&continuationToken={Uri.EscapeDataString(next)}");
            using var response = await host.SendAsync(HttpMethod.Get, query, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.True(page.GetArrayLength() <= pageSize);
            items.AddRange(page.EnumerateArray());
            next = response.Headers.TryGetValues("X-Continuation-Token", out var values) ? values.Single() : null;
            pages++;
        } while (next is not null);
        return (items, pages);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static void AssertShownInline(HttpResponseMessage response, string contentType, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Equal(fileName, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task a_patient_lists_only_their_own_cases_newest_first_and_paged()
    {
        var patient = await host.TokenAsync("patient-portal-list", Roles.Patient);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient));
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{ids[1]}/submit", patient, null, 202);
        var other = await host.TokenAsync("patient-portal-other", Roles.Patient);
        var theirs = await CaseJourneyTests.CreateCaseWithRecordAsync(host, other);

        var (items, pages) = await AllPagesAsync("/api/cases", patient, pageSize: 2);
        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Reverse(ids), items.Select(c => c.GetProperty("id").GetString()));
        var intake = items.Single(c => c.GetProperty("id").GetString() == ids[0]);
        // Absent fields (null) are left out; nothing but these is ever there.
        string[] fields = ["id", "source", "stage", "tier", "category", "createdAt", "submittedAt", "dueAt", "late", "status", "statusAt", "documents", "completedAt", "reportUrl"];
        Assert.All(intake.EnumerateObject(), p => Assert.Contains(p.Name, fields));
        Assert.Equal(["id", "source", "stage", "tier", "category", "createdAt", "late", "status", "statusAt", "documents"], intake.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("patient", "intake", "standard", "oncology", false, 1), (intake.GetProperty("source").GetString(), intake.GetProperty("stage").GetString(),
            intake.GetProperty("tier").GetString(), intake.GetProperty("category").GetString(), intake.GetProperty("late").GetBoolean(), intake.GetProperty("documents").GetInt32()));
        Assert.StartsWith("Record d", intake.GetProperty("status").GetString());
        Assert.False(intake.TryGetProperty("submittedAt", out _));

        // The submitted one has its SLA; the list shows what the case view shows, nothing more.
        var submitted = items.Single(c => c.GetProperty("id").GetString() == ids[1]);
        var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{ids[1]}", patient);
        Assert.Equal(view.GetProperty("recordsCompletedAt").GetDateTimeOffset(), submitted.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal(view.GetProperty("dueAt").GetDateTimeOffset(), submitted.GetProperty("dueAt").GetDateTimeOffset());
        var body = string.Join("", items.Select(i => i.GetRawText()));
        Assert.DoesNotContain("Alex Test", body);
        Assert.DoesNotContain("prostatectomy", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pathology.pdf", body);

        var othersList = await host.JsonAsync(HttpMethod.Get, "/api/cases", other);
        Assert.Equal([theirs], othersList.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var hospital = await host.TokenAsync("hosp-portal-none", Roles.Hospital);
        Assert.Equal(0, (await host.JsonAsync(HttpMethod.Get, "/api/cases", hospital)).GetArrayLength());

        // Bad paging, and roles that have no list of their own.
        var badSize = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/cases?pageSize=0", patient), HttpStatusCode.BadRequest);
        Assert.True(badSize.GetProperty("errors").TryGetProperty("pageSize", out _));
        var badToken = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/cases?continuationToken=not-ours", patient), HttpStatusCode.BadRequest);
        Assert.True(badToken.GetProperty("errors").TryGetProperty("continuationToken", out _));
        foreach (var role in new[] { Roles.Specialist, Roles.Ops, Roles.Director })
        {
            var refused = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/cases", await host.TokenAsync($"{role}-portal", role)), HttpStatusCode.Forbidden);
            Assert.Contains("patient, hospital", refused.GetProperty("detail").GetString());
        }

        var platform = await AuditAsync(AuditChains.Platform);
        Assert.Contains(platform, e => e.Action == AuditActions.CaseList && e.Actor == "patient-portal-list" && e.Outcome == AuditOutcome.Success && e.Detail == "2 case(s)");
        Assert.Contains(platform, e => e.Action == AuditActions.AccessRefused && e.Actor == "ops-portal" && e.Resource == "GET /api/cases");
    }

    [Fact]
    public async Task the_original_record_is_shown_inline_to_its_patient_and_to_operations_only_with_a_purpose()
    {
        var patient = await host.TokenAsync("patient-portal-doc", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        var uploaded = (await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient)).GetProperty("documents")[0];
        var documentId = uploaded.GetProperty("id").GetString()!;
        var path = $"/api/cases/{caseId}/documents/{documentId}";

        using (var shown = await host.SendAsync(HttpMethod.Get, path, patient))
        {
            AssertShownInline(shown, "application/pdf", "pathology.pdf");
            Assert.Equal(uploaded.GetProperty("sha256").GetString(), Sha256(await shown.Content.ReadAsByteArrayAsync()));
        }

        // Somebody else's case, a record the case does not have, and a role that reads no case.
        var stranger = await host.TokenAsync("patient-portal-stranger", Roles.Patient);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, stranger), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/documents/d000000000000", patient), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/c0000000000000000/documents/{documentId}", patient), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, await host.TokenAsync("sp-001", Roles.Specialist)), HttpStatusCode.Forbidden);

        // Operations: the file can show the patient's identity, so they say why, as for the case view's identity.
        var ops = await host.TokenAsync("ops-portal-doc", Roles.Ops);
        var noPurpose = await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, ops), HttpStatusCode.Forbidden);
        Assert.Contains("X-Purpose", noPurpose.GetProperty("detail").GetString());
        var shortPurpose = await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, ops, configure: r => r.Headers.Add("X-Purpose", "x")), HttpStatusCode.BadRequest);
        Assert.True(shortPurpose.GetProperty("errors").TryGetProperty("X-Purpose", out _));
        using (var withPurpose = await host.SendAsync(HttpMethod.Get, path, ops, configure: r => r.Headers.Add("X-Purpose", "Patient called about an unreadable page")))
            AssertShownInline(withPurpose, "application/pdf", "pathology.pdf");
        var director = await host.TokenAsync(CaseJourneyTests.Director, Roles.Director);
        using (var byQuery = await host.SendAsync(HttpMethod.Get, $"{path}?purpose=sign-off%20check", director))
            Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);

        var chain = await AuditAsync(caseId);
        var reads = chain.Where(e => e.Action == AuditActions.DocumentRead).ToList();
        Assert.Contains(reads, e => e.Actor == "patient-portal-doc" && e.Outcome == AuditOutcome.Success && e.Resource == $"cases/{caseId}/documents/{documentId}");
        Assert.Contains(reads, e => e.Actor == "patient-portal-stranger" && e.Outcome == AuditOutcome.NotYours);
        Assert.Contains(reads, e => e.Actor == "ops-portal-doc" && e.Outcome == AuditOutcome.Forbidden);
        Assert.Contains(reads, e => e.Actor == "ops-portal-doc" && e.Outcome == AuditOutcome.Success && e.Purpose == "Patient called about an unreadable page");
        Assert.All(chain, e => Assert.DoesNotContain("pathology", $"{e.Resource} {e.Detail}"));
    }

    [Fact]
    public async Task a_specialist_sees_a_record_of_their_case_only_after_accepting_and_never_by_its_file_name()
    {
        var patient = await host.TokenAsync("patient-portal-sp", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        var otherCase = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);
        var uploaded = (await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient)).GetProperty("documents")[0];
        var documentId = uploaded.GetProperty("id").GetString()!;
        var otherDocument = (await host.JsonAsync(HttpMethod.Get, $"/api/cases/{otherCase}", patient)).GetProperty("documents")[0].GetProperty("id").GetString()!;

        var assignments = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Review.IAssignmentRepository>();
        SecondOpinion.Core.Review.Assignment? offer = null;
        for (var until = DateTime.UtcNow.AddSeconds(60); offer is null; await Task.Delay(200))
        {
            offer = (await assignments.ForCaseAsync(caseId)).FirstOrDefault(a => a.Status == SecondOpinion.Core.Review.AssignmentStatus.Offered);
            Assert.True(offer is not null || DateTime.UtcNow < until, "no offer was made");
        }
        var specialist = await host.TokenAsync(offer.SpecialistId, Roles.Specialist);
        var path = $"/api/assignments/{offer.Id}/documents/{documentId}";

        var early = await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, specialist), HttpStatusCode.Forbidden);
        Assert.Contains("Accept", early.GetProperty("detail").GetString());
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, await host.TokenAsync("sp-not-on-this-panel", Roles.Specialist)), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, path, patient), HttpStatusCode.Forbidden);

        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/accept", specialist);
        using (var shown = await host.SendAsync(HttpMethod.Get, path, specialist))
        {
            AssertShownInline(shown, "application/pdf", "record-1.pdf");
            Assert.DoesNotContain("pathology", shown.Content.Headers.ContentDisposition!.ToString());
            Assert.Equal(uploaded.GetProperty("sha256").GetString(), Sha256(await shown.Content.ReadAsByteArrayAsync()));
        }
        var materials = await host.JsonAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/case", specialist);
        Assert.Equal(path, materials.GetProperty("documents")[0].GetProperty("originalUrl").GetString());

        // Only the records of this assignment's case; an unknown one is a 404 problem.
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/documents/{otherDocument}", specialist), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/documents/d000000000000", specialist), HttpStatusCode.NotFound);

        var reads = (await AuditAsync(caseId)).Where(e => e.Action == AuditActions.DocumentRead).ToList();
        Assert.Contains(reads, e => e.Actor == offer.SpecialistId && e.Outcome == AuditOutcome.Success && e.Resource == $"assignments/{offer.Id}/documents/{documentId}" && e.Detail == $"record 1 to seat {offer.SeatId}");
        Assert.Contains(reads, e => e.Actor == "sp-not-on-this-panel" && e.Outcome == AuditOutcome.NotYours);
    }

    [Fact]
    public async Task a_hospital_lists_the_cases_it_referred_and_reads_their_records()
    {
        var hospital = await host.TokenAsync("hosp-stmary", Roles.Hospital);
        await DemoRunner.DropHospitalBatchAsync(host.Http, hospital, CancellationToken.None);

        JsonElement listed = default;
        for (var until = DateTime.UtcNow.AddSeconds(60); listed.ValueKind != JsonValueKind.Array || listed.GetArrayLength() == 0; await Task.Delay(300))
        {
            listed = await host.JsonAsync(HttpMethod.Get, "/api/cases", hospital);
            Assert.True(DateTime.UtcNow < until, "the drop never became a case on the hospital's list");
        }
        var item = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("hospital", "cardiac", "expedited"), (item.GetProperty("source").GetString(), item.GetProperty("category").GetString(), item.GetProperty("tier").GetString()));
        Assert.DoesNotContain("Jordan Sample", listed.GetRawText());
        var caseId = item.GetProperty("id").GetString()!;

        var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", hospital);
        var document = view.GetProperty("documents")[0];
        using (var shown = await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/documents/{document.GetProperty("id").GetString()}", hospital))
            AssertShownInline(shown, "application/pdf", document.GetProperty("fileName").GetString()!);
        var otherHospital = await host.TokenAsync("hosp-other", Roles.Hospital);
        Assert.Equal(0, (await host.JsonAsync(HttpMethod.Get, "/api/cases", otherHospital)).GetArrayLength());
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/documents/{document.GetProperty("id").GetString()}", otherHospital), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task operations_list_quarantined_drops_newest_first_with_their_reason_and_no_file_names()
    {
        var files = host.Host!.Services.GetRequiredService<IFileStore>();
        string NewBatchId() => "b" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var unknownBatch = NewBatchId();
        var lateBatch = NewBatchId();

        // A folder nobody was granted: the inbox watcher quarantines it with a reason file.
        await files.UploadTextAsync(BlobLayout.HospitalInboxContainer, $"hosp-stmary/{unknownBatch}/Jordan-Sample-letter.txt", "letter", "text/plain");
        var ops = await host.TokenAsync("ops-portal-q", Roles.Ops);
        for (var until = DateTime.UtcNow.AddSeconds(30); !(await AllPagesAsync("/api/ops/quarantine", ops, 50)).Items.Any(q => q.GetProperty("batchId").GetString() == unknownBatch); await Task.Delay(300))
            Assert.True(DateTime.UtcNow < until, "the ungranted folder was never quarantined");
        // Files kept after their batch was finished have no reason file of their own. (Storage times are to the second.)
        await Task.Delay(1100);
        await files.UploadTextAsync(BlobLayout.QuarantineContainer, $"hosp-stmary/{lateBatch}/Jordan-Sample-late.txt", "late", "text/plain");

        var (items, pages) = await AllPagesAsync("/api/ops/quarantine", ops, pageSize: 1);
        Assert.Equal(items.Count, pages);
        var mine = items.Where(q => q.GetProperty("batchId").GetString() is { } b && (b == unknownBatch || b == lateBatch)).ToList();
        Assert.Equal([lateBatch, unknownBatch], mine.Select(q => q.GetProperty("batchId").GetString()));
        var times = items.Select(q => q.GetProperty("quarantinedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var quarantined = mine[1];
        Assert.Equal(("hosp-stmary", "unknown-batch", 1), (quarantined.GetProperty("hospitalId").GetString(), quarantined.GetProperty("reason").GetString(), quarantined.GetProperty("files").GetInt32()));
        Assert.Equal(6, quarantined.GetProperty("bytes").GetInt64());
        Assert.Contains("No batch was granted", quarantined.GetProperty("detail").GetString());
        Assert.Equal("late-files", mine[0].GetProperty("reason").GetString());
        Assert.Equal(["hospitalId", "batchId", "quarantinedAt", "reason", "detail", "files", "bytes"], quarantined.EnumerateObject().Select(p => p.Name));
        var body = string.Join("", items.Select(i => i.GetRawText()));
        Assert.DoesNotContain("Jordan", body);
        Assert.DoesNotContain("letter", body);

        var badSize = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine?pageSize=500", ops), HttpStatusCode.BadRequest);
        Assert.True(badSize.GetProperty("errors").TryGetProperty("pageSize", out _));
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine?continuationToken=zzzz", ops), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine", await host.TokenAsync(CaseJourneyTests.Director, Roles.Director))).StatusCode);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine", await host.TokenAsync("hosp-stmary", Roles.Hospital)), HttpStatusCode.Forbidden);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/quarantine", await host.TokenAsync("patient-portal-q", Roles.Patient)), HttpStatusCode.Forbidden);

        Assert.Contains(await AuditAsync(AuditChains.Platform), e => e.Action == AuditActions.OpsQuarantineList && e.Actor == "ops-portal-q" && e.Outcome == AuditOutcome.Success);
    }
}
