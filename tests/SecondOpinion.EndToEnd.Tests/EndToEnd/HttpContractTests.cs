using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Samples;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>The HTTP contract at its edges: authentication, per-resource authorization, RFC 7807 errors.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpContractTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
        return problem;
    }

    [Fact]
    public async Task health_is_liveness_only_and_ready_checks_each_dependency_without_a_token()
    {
        var health = await host.JsonAsync(HttpMethod.Get, "/api/health", null);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(["status"], health.EnumerateObject().Select(p => p.Name));

        var ready = await host.JsonAsync(HttpMethod.Get, "/api/health/ready", null);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["blob"] = "ok", ["queue"] = "ok", ["state"] = "ok", ["durable"] = "ok" }, checks);
    }

    [Fact]
    public async Task routes_need_a_valid_token_with_the_right_role()
    {
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/cases", null, JsonContent.Create(CaseJourneyTests.CaseBody())), HttpStatusCode.Unauthorized);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/cases", "not-a-jwt"), HttpStatusCode.Unauthorized);
        var forged = (await host.TokenAsync("ops-1", Roles.Ops))[..^4] + "AAAA";
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/cases", forged), HttpStatusCode.Unauthorized);

        var specialist = await host.TokenAsync("sp-001", Roles.Specialist);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/cases", specialist, JsonContent.Create(CaseJourneyTests.CaseBody())), HttpStatusCode.Forbidden);
        var patient = await host.TokenAsync("patient-a", Roles.Patient);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/escalations", patient), HttpStatusCode.Forbidden);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/assignments", patient), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task dev_tokens_reject_unknown_roles_and_missing_subjects()
    {
        var problem = await ProblemAsync(await host.Http.PostAsJsonAsync("/api/dev/token", new { sub = "", role = "admin" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sub", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task a_patient_sees_only_their_own_case_and_ops_sees_all()
    {
        var alice = await host.TokenAsync("patient-alice", Roles.Patient);
        var bob = await host.TokenAsync("patient-bob", Roles.Patient);
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", alice, JsonContent.Create(CaseJourneyTests.CaseBody()), 201);
        var caseId = created.GetProperty("id").GetString()!;

        await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", alice);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", bob), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", bob), HttpStatusCode.NotFound);
        var upload = new ByteArrayContent("plain text record"u8.ToArray());
        upload.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", bob, upload, r => r.Headers.Add("X-File-Name", "x.txt")), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", bob), HttpStatusCode.NotFound);
        var otherHospital = await host.TokenAsync("hosp-other", Roles.Hospital);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", otherHospital), HttpStatusCode.NotFound);

        var ops = await host.TokenAsync("ops-1", Roles.Ops);
        var opsView = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", ops);
        Assert.False(opsView.TryGetProperty("patient", out _)); // identity only with a declared purpose
        var withPurpose = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", ops, configure: r => r.Headers.Add("X-Purpose", "Calling the patient about a missing scan"));
        Assert.Equal("Alex Test", withPurpose.GetProperty("patient").GetProperty("name").GetString());
        var board = await host.JsonAsync(HttpMethod.Get, "/api/ops/cases", ops);
        var row = board.EnumerateArray().Single(c => c.GetProperty("id").GetString() == caseId);
        Assert.False(row.TryGetProperty("patient", out _)); // the ops board carries no clinical content

        // Reads are audited; the refused attempts on somebody else's case are audited in its chain, and revealed nothing.
        var audit = (await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(caseId)).Entries;
        Assert.Contains(audit, e => e.Actor == "patient-alice" && e.Action == AuditActions.CaseRead && e.Outcome == AuditOutcome.Success);
        Assert.Contains(audit, e => e.Actor == "ops-1" && e.Action == AuditActions.CaseRead);
        Assert.Contains(audit, e => e.Actor == "ops-1" && e.Action == AuditActions.CaseIdentityRead && e.Purpose == "Calling the patient about a missing scan");
        Assert.Equal(4, audit.Count(e => e.Actor == "patient-bob" && e.Outcome == AuditOutcome.NotYours));
        Assert.Contains(audit, e => e.Actor == "hosp-other" && e.Outcome == AuditOutcome.NotYours);
        Assert.DoesNotContain(audit, e => e.Actor == "patient-bob" && e.Outcome == AuditOutcome.Success);

        // A report that is not ready yet is a clear 404, not an empty body.
        var notReady = await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}/report", alice), HttpStatusCode.NotFound);
        Assert.Contains("not ready", notReady.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task invalid_case_requests_get_a_field_level_errors_map()
    {
        var patient = await host.TokenAsync("patient-v", Roles.Patient);
        var response = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(new
        {
            patient = new { name = "", dateOfBirth = "2999-01-01", email = "nope", jurisdiction = "Ohio" },
            consent = new { accepted = false, version = "v1" },
            category = "astrology",
            question = "",
            tier = "yesterday",
        }));
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "patient.name", "patient.dateOfBirth", "patient.email", "patient.jurisdiction", "consent.accepted", "category", "question", "tier" })
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}");

        var malformed = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, new StringContent("{\"patient\": {", Encoding.UTF8, "application/json"));
        await ProblemAsync(malformed, HttpStatusCode.BadRequest);
        var wrongType = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
        var empty = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, new StringContent("", Encoding.UTF8, "application/json"));
        await ProblemAsync(empty, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_same_idempotency_key_creates_one_case()
    {
        var patient = await host.TokenAsync("patient-idem", Roles.Patient);
        var key = Guid.NewGuid().ToString();
        var first = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201, r => r.Headers.Add("Idempotency-Key", key));
        var again = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 200, r => r.Headers.Add("Idempotency-Key", key));
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        var conflict = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody("Someone Else")), r => r.Headers.Add("Idempotency-Key", key));
        await ProblemAsync(conflict, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task bad_uploads_are_refused_with_a_reason_and_nothing_is_stored()
    {
        var patient = await host.TokenAsync("patient-up", Roles.Patient);
        var caseId = (await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201)).GetProperty("id").GetString()!;

        var exe = new ByteArrayContent("MZ\x90\0"u8.ToArray());
        exe.Headers.ContentType = new MediaTypeHeaderValue("application/x-msdownload");
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, exe, r => r.Headers.Add("X-File-Name", "virus.exe")), HttpStatusCode.UnsupportedMediaType);

        var fakePdf = new ByteArrayContent(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        fakePdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var problem = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, fakePdf, r => r.Headers.Add("X-File-Name", "scan.pdf")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));

        var noName = new ByteArrayContent("%PDF-1.4"u8.ToArray());
        noName.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, noName), HttpStatusCode.BadRequest);

        var emptyForm = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, emptyForm), HttpStatusCode.BadRequest);

        var submitEmpty = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient), HttpStatusCode.BadRequest);
        Assert.True(submitEmpty.GetProperty("errors").TryGetProperty("documents", out _));

        var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient);
        Assert.Equal(0, view.GetProperty("documents").GetArrayLength());
        Assert.Equal("intake", view.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task a_specialist_cannot_touch_someone_elses_assignment_and_opinions_are_validated()
    {
        var patient = await host.TokenAsync("patient-sp", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var store = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Review.IAssignmentRepository>();
        var until = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<SecondOpinion.Core.Review.Assignment> assignments;
        while ((assignments = await store.ForCaseAsync(caseId)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < until, "no offer was made");
            await Task.Delay(200);
        }
        var offer = assignments[0];
        var intruder = await host.TokenAsync("sp-intruder", Roles.Specialist);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/accept", intruder), HttpStatusCode.NotFound);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/case", intruder), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await host.JsonAsync(HttpMethod.Get, "/api/assignments", intruder)).EnumerateArray(), a => a.GetProperty("id").GetString() == offer.Id);

        var owner = await host.TokenAsync(offer.SpecialistId, Roles.Specialist);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/case", owner), HttpStatusCode.Forbidden); // accept first
        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/accept", owner);
        var materials = await host.JsonAsync(HttpMethod.Get, $"/api/assignments/{offer.Id}/case", owner);
        Assert.False(materials.TryGetProperty("patient", out _)); // reviewers get age and jurisdiction, not identity
        Assert.Equal(65, materials.GetProperty("patientAgeYears").GetInt32());

        var bad = await host.SendAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/opinion", owner, JsonContent.Create(new { agreement = "maybe", confidence = 7 }));
        var errors = (await ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "agreement", "confidence", "diagnosis", "recommendation", "surgeryNecessary", "narrative" })
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}");

        var good = JsonContent.Create(new { agreement = "modify", diagnosis = "d", recommendation = "r", surgeryNecessary = false, confidence = 0.5, narrative = "n" });
        await host.JsonAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/opinion", owner, good, 201);
        var twice = JsonContent.Create(new { agreement = "modify", diagnosis = "d", recommendation = "r", surgeryNecessary = false, confidence = 0.5, narrative = "n" });
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/opinion", owner, twice), HttpStatusCode.Conflict);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/assignments/{offer.Id}/decline", owner), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ops_manage_specialists_and_resolve_escalations()
    {
        var ops = await host.TokenAsync("ops-1", Roles.Ops);
        var invalid = await host.SendAsync(HttpMethod.Put, "/api/ops/specialists/sp-new", ops, JsonContent.Create(new { name = "", maxActiveCases = 0, timeZone = "Asia/Tokio" }));
        var errors = (await ProblemAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("subspecialties", out _));
        Assert.True(errors.TryGetProperty("maxActiveCases", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));

        var body = new { name = "Dr. New", subspecialties = new[] { "Cardiology" }, licensedJurisdictions = new[] { "us-oh" }, languages = new[] { "en" }, maxActiveCases = 3, timeZone = "Asia/Tokyo" };
        var created = await host.JsonAsync(HttpMethod.Put, "/api/ops/specialists/sp-new", ops, JsonContent.Create(body), 201);
        Assert.Equal("cardiology", created.GetProperty("subspecialties")[0].GetString());
        Assert.Equal("Asia/Tokyo", created.GetProperty("timeZone").GetString());
        Assert.Equal("US-OH", created.GetProperty("licensedJurisdictions")[0].GetString());
        await host.JsonAsync(HttpMethod.Put, "/api/ops/specialists/sp-new", ops, JsonContent.Create(body), 200);

        await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/ops/escalations/nope/resolve", ops, JsonContent.Create(new { resolution = "done" })), HttpStatusCode.NotFound);
        var escalations = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Deadlines.EscalationService>();
        const string caseId = "c00000000000e5c10", escalationId = caseId + "-test-1";
        await escalations.RaiseAsync(escalationId, caseId, "opinion-overdue", "Test escalation.");
        var open = await host.JsonAsync(HttpMethod.Get, "/api/ops/escalations", ops);
        Assert.Contains(open.EnumerateArray(), e => e.GetProperty("id").GetString() == escalationId);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/ops/escalations/{escalationId}/resolve", ops, JsonContent.Create(new { resolution = "" })), HttpStatusCode.BadRequest);
        var resolved = await host.JsonAsync(HttpMethod.Post, $"/api/ops/escalations/{escalationId}/resolve", ops, JsonContent.Create(new { resolution = "Reassigned by phone." }));
        Assert.True(resolved.GetProperty("resolved").GetBoolean());
        Assert.DoesNotContain((await host.JsonAsync(HttpMethod.Get, "/api/ops/escalations", ops)).EnumerateArray(), e => e.GetProperty("id").GetString() == escalationId);
        Assert.Contains((await host.JsonAsync(HttpMethod.Get, $"/api/ops/escalations?caseId={caseId}", ops)).EnumerateArray(), e => e.GetProperty("id").GetString() == escalationId);
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/escalations?caseId=../x", ops), HttpStatusCode.BadRequest);
        // Paging parameters that are out of range, or a token this API never issued, are field errors.
        Assert.True((await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/cases?pageSize=0", ops), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.True((await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/escalations?continuationToken=not-ours", ops), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("continuationToken", out _));
        await ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ops/cases?stage=review&closedIn=2026-12", ops), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task unknown_routes_answer_with_problem_details()
    {
        var response = await host.SendAsync(HttpMethod.Get, "/api/nothing-here", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_octet_stream_upload_is_typed_by_its_file_name_and_auth_comes_before_content_checks()
    {
        var patient = await host.TokenAsync("patient-octet", Roles.Patient);
        var caseId = (await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201)).GetProperty("id").GetString()!;
        var octet = new ByteArrayContent(SampleRecords.TextPdf(SampleRecords.CardiologyLetter));
        octet.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var document = await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, octet, 201, r => r.Headers.Add("X-File-Name", "letter.pdf"));
        Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());

        var anonymous = new ByteArrayContent([1, 2, 3]);
        anonymous.Headers.ContentType = new MediaTypeHeaderValue("application/x-unknown");
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", null, anonymous), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task malformed_multipart_and_malformed_ids_are_client_errors()
    {
        var patient = await host.TokenAsync("patient-mp", Roles.Patient);
        var caseId = (await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201)).GetProperty("id").GetString()!;
        var truncated = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 no end", Encoding.UTF8);
        truncated.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var response = await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, truncated);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        await ProblemAsync(await host.SendAsync(HttpMethod.Get, $"/api/cases/{new string('x', 400)}", patient), HttpStatusCode.NotFound);
        var specialist = await host.TokenAsync("sp-001", Roles.Specialist);
        await ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/assignments/not-an-assignment/accept", specialist), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task specialist_entries_with_blank_or_malformed_items_are_refused()
    {
        var ops = await host.TokenAsync("ops-1", Roles.Ops);
        var response = await host.SendAsync(HttpMethod.Put, "/api/ops/specialists/sp-bad", ops, JsonContent.Create(new
        {
            name = "Dr. Bad", subspecialties = new string?[] { null }, licensedJurisdictions = new[] { "Ohio" }, languages = new[] { "" },
        }));
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("subspecialties", out _));
        Assert.True(errors.TryGetProperty("licensedJurisdictions", out _));
        Assert.True(errors.TryGetProperty("languages", out _));
    }
}
