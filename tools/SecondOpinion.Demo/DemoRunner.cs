using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using SecondOpinion.Samples;

namespace SecondOpinion.Demo;

/// <summary>
/// `run.sh --demo`: one patient case over HTTP (a text PDF and a scanned image) and one hospital
/// drop (manifest + files through write-only Blob URLs), with the panel's specialists played over
/// HTTP, until both cases have a final report. An outside client: it knows the API and nothing
/// else. Exit code 0 when both reports exist, 1 with the reason if not.
/// </summary>
public static class DemoRunner
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(110);

    private const string Patient = "patient", Hospital = "hospital", Specialist = "specialist", Ops = "ops", Director = "director";

    /// <summary>On the local host's development roster of medical directors (appsettings.json, SignOff:Directors).</summary>
    private const string DirectorSubject = "director-1";

    public static async Task<int> RunAsync(Uri baseAddress, TextWriter output, CancellationToken ct, Uri? mailInbox = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Budget);
        using var http = new HttpClient { BaseAddress = baseAddress };
        var started = DateTimeOffset.UtcNow;
        try
        {
            var patientToken = await TokenAsync(http, "demo-patient-1", Patient, deadline.Token);
            var opsToken = await TokenAsync(http, "demo-ops", Ops, deadline.Token);
            var directorToken = await TokenAsync(http, DirectorSubject, Director, deadline.Token);

            var patientCase = await CreatePatientCaseAsync(http, patientToken, output, deadline.Token);
            var hospitalToken = await TokenAsync(http, "hosp-stmary", Hospital, deadline.Token);
            var batchId = await DropHospitalBatchAsync(http, hospitalToken, deadline.Token);
            output.WriteLine($"[hospital] batch hosp-stmary/{batchId} uploaded into hospital-inbox with its write-only URLs; waiting for the watcher");

            var hospitalCase = await WaitForHospitalCaseAsync(http, opsToken, started, deadline.Token);
            output.WriteLine($"[hospital] batch became case {hospitalCase}");

            var cases = new[] { patientCase, hospitalCase };
            var lastStage = new Dictionary<string, string>();
            // The specialists the matcher placed on the panels (picks and backups) check their own inboxes,
            // as people would; the directory is hundreds of people, most of them with nothing to do here.
            var specialistTokens = new Dictionary<string, string>();
            while (true)
            {
                var done = 0;
                foreach (var caseId in cases)
                {
                    var view = await GetJsonAsync(http, $"/api/cases/{caseId}", opsToken, deadline.Token);
                    var stage = view.GetProperty("stage").GetString()!;
                    if (!lastStage.TryGetValue(caseId, out var previous) || previous != stage)
                    {
                        output.WriteLine($"[{(DateTimeOffset.UtcNow - started).TotalSeconds,5:0.0}s] case {caseId}: {stage}");
                        lastStage[caseId] = stage;
                    }
                    if (view.TryGetProperty("reportUrl", out var url) && url.ValueKind == JsonValueKind.String) { done++; continue; }
                }
                if (done == cases.Length) break;
                var specialistIds = new List<string>();
                foreach (var caseId in cases) specialistIds.AddRange(await PanelSpecialistsAsync(http, caseId, opsToken, deadline.Token));
                await ActAsSpecialistsAsync(http, specialistIds.Distinct().ToList(), specialistTokens, output, deadline.Token);
                await ActAsDirectorAsync(http, directorToken, output, deadline.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }

            foreach (var caseId in cases)
            {
                var report = await GetJsonAsync(http, $"/api/cases/{caseId}/report", opsToken, deadline.Token);
                var consensus = report.GetProperty("consensus").GetProperty("summary").GetString();
                output.WriteLine($"[report] case {caseId}: {consensus}");
                output.WriteLine($"         how it was reached: {report.GetProperty("howReached").GetString()}");
                var signature = report.GetProperty("signature");
                output.WriteLine($"         signed by {signature.GetProperty("directorName").GetString()} at {signature.GetProperty("signedAt").GetDateTimeOffset():u}");
                output.WriteLine($"         JSON  {baseAddress}api/cases/{caseId}/report  (blob reports/cases/{caseId}/report.json)");
                output.WriteLine($"         HTML  same URL with 'Accept: text/html'          (blob reports/cases/{caseId}/report.html)");
                output.WriteLine($"         PDF   same URL with 'Accept: application/pdf'    (blob reports/cases/{caseId}/report.pdf)");
                var sent = await GetJsonAsync(http, $"/api/ops/notifications?caseId={caseId}", opsToken, deadline.Token);
                output.WriteLine($"         {sent.GetArrayLength()} notification(s) recorded: GET /api/ops/notifications?caseId={caseId}");
            }
            await AskAndAnswerFollowUpAsync(http, patientCase, patientToken, specialistTokens, output, deadline.Token);
            if (mailInbox is not null) output.WriteLine($"[e-mail] every notification above was also sent by e-mail: open {mailInbox} (the local mail server's inbox)");
            output.WriteLine($"Demo finished: 2 signed reports and 1 follow-up addendum in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s.");
            return 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            output.WriteLine($"Demo FAILED: the cases did not reach a report within {Budget.TotalSeconds:0} s.");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException)
        {
            output.WriteLine($"Demo FAILED: {ex.Message}");
            return 1;
        }
    }

    private static async Task<string> CreatePatientCaseAsync(HttpClient http, string token, TextWriter output, CancellationToken ct)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                patient = new { name = "Alex Demo", dateOfBirth = "1961-04-12", email = "alex.demo@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
                consent = new { accepted = true, version = "2026-01" },
                category = "oncology",
                question = "Is radical prostatectomy the right treatment, or is active surveillance reasonable?",
                currentDiagnosis = "Prostate adenocarcinoma, Gleason 3+4",
                proposedTreatment = "Radical prostatectomy",
                tier = "standard",
            }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await SendAsync(http, create, ct);
        var caseId = created.GetProperty("id").GetString()!;
        output.WriteLine($"[patient] case {caseId} created");

        using var pdf = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/documents") { Content = new ByteArrayContent(SampleRecords.TextPdf(SampleRecords.PathologyReport)) };
        pdf.Content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        pdf.Headers.Add("X-File-Name", "pathology-report.pdf");
        pdf.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SendAsync(http, pdf, ct);

        var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(SampleRecords.ScannedNotePng());
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "file", "clinic-note-scan.png");
        using var scan = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/documents") { Content = form };
        scan.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SendAsync(http, scan, ct);
        output.WriteLine($"[patient] uploaded pathology-report.pdf (text layer) and clinic-note-scan.png (needs OCR)");

        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/submit");
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SendAsync(http, submit, ct);
        output.WriteLine($"[patient] records submitted");
        return caseId;
    }

    /// <summary>
    /// What a hospital does: asks for a batch (naming its files), then PUTs each file to its
    /// write-only URL with the plain Blob SDK — no storage credentials of its own.
    /// </summary>
    public static async Task<string> DropHospitalBatchAsync(HttpClient http, string hospitalToken, CancellationToken ct)
    {
        var files = new (string Name, byte[] Bytes, string Type)[]
        {
            ("cardiology-letter.pdf", SampleRecords.TextPdf(SampleRecords.CardiologyLetter), "application/pdf"),
            ("echo-report-scan.pdf", SampleRecords.ScannedNotePdf(), "application/pdf"),
        };
        using var ask = new HttpRequestMessage(HttpMethod.Post, "/api/hospital/batches") { Content = JsonContent.Create(new { files = files.Select(f => f.Name) }) };
        ask.Headers.Authorization = new AuthenticationHeaderValue("Bearer", hospitalToken);
        var grant = await SendAsync(http, ask, ct);
        var urls = grant.GetProperty("uploads").EnumerateArray().ToDictionary(u => u.GetProperty("fileName").GetString()!, u => new Uri(u.GetProperty("url").GetString()!));
        foreach (var (name, bytes, type) in files)
            await new BlobClient(urls[name]).UploadAsync(new BinaryData(bytes), new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new() { ContentType = type } }, ct);
        var manifest = new
        {
            patient = new { name = "Jordan Sample", dateOfBirth = "1958-09-30", email = "jordan.sample@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
            consent = new { accepted = true, version = "2026-01" },
            category = "cardiac",
            question = "Is surgical aortic valve replacement necessary now, or is a transcatheter approach better?",
            currentDiagnosis = "Severe aortic stenosis",
            proposedTreatment = "Surgical aortic valve replacement",
            tier = "expedited",
            documents = files.Select(f => new { fileName = f.Name, sha256 = Convert.ToHexString(SHA256.HashData(f.Bytes)).ToLowerInvariant(), contentType = f.Type }),
        };
        // The manifest goes last: it is what marks the batch as ready.
        await new BlobClient(urls["manifest.json"]).UploadAsync(BinaryData.FromObjectAsJson(manifest), ct);
        return grant.GetProperty("batchId").GetString()!;
    }

    private static async Task<string> WaitForHospitalCaseAsync(HttpClient http, string opsToken, DateTimeOffset since, CancellationToken ct)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/cases");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", opsToken);
            var cases = await SendAsync(http, request, ct);
            foreach (var c in cases.EnumerateArray())
                if (c.GetProperty("source").GetString() == "hospital" && c.GetProperty("createdAt").GetDateTimeOffset() >= since.AddSeconds(-1))
                    return c.GetProperty("id").GetString()!;
            await Task.Delay(500, ct);
        }
    }

    /// <summary>Plays each specialist with open work: accept the offer, read the case, give an opinion.</summary>
    /// <summary>Everyone on the case's panel: each seat's candidates in rank order (none before the panel is planned).</summary>
    private static async Task<IEnumerable<string>> PanelSpecialistsAsync(HttpClient http, string caseId, string opsToken, CancellationToken ct) =>
        (await GetJsonAsync(http, $"/api/ops/cases/{caseId}/panel", opsToken, ct)).GetProperty("seats").EnumerateArray()
            .SelectMany(seat => seat.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("specialistId").GetString()!))
            .ToList();

    private static async Task ActAsSpecialistsAsync(HttpClient http, IReadOnlyList<string> specialistIds, Dictionary<string, string> tokens, TextWriter output, CancellationToken ct)
    {
        foreach (var specialistId in specialistIds)
        {
            if (!tokens.TryGetValue(specialistId, out var token))
                tokens[specialistId] = token = await TokenAsync(http, specialistId, Specialist, ct);
            foreach (var assignment in (await GetJsonAsync(http, "/api/assignments", token, ct)).EnumerateArray())
                await ActAsync(http, specialistId, token, assignment, output, ct);
        }
    }

    private static async Task ActAsync(HttpClient http, string specialistId, string token, JsonElement assignment, TextWriter output, CancellationToken ct)
    {
        var (id, caseId, seatId, subspecialty) = (assignment.GetProperty("id").GetString()!, assignment.GetProperty("caseId").GetString()!,
            assignment.GetProperty("seatId").GetString()!, assignment.GetProperty("subspecialty").GetString()!);
        {
            if (assignment.GetProperty("status").GetString() == "offered")
            {
                using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/accept");
                accept.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await SendAsync(http, accept, ct);
                output.WriteLine($"[specialist] {specialistId} accepted {seatId} ({subspecialty}) of case {caseId}");
                return;
            }
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/assignments/{id}/case");
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var materials = await SendAsync(http, read, ct);
            var documents = materials.GetProperty("documents").GetArrayLength();
            lock (CasesShown)
                if (CasesShown.Add(caseId)) PrintEvidence(caseId, materials, output);
            var surgery = subspecialty.Contains("surg", StringComparison.Ordinal);
            using var opinion = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/opinion")
            {
                Content = JsonContent.Create(new
                {
                    agreement = surgery ? "confirm" : "modify",
                    diagnosis = materials.GetProperty("currentDiagnosis").GetString(),
                    recommendation = surgery ? "Proceed with the proposed treatment." : "Consider the less invasive option first; review in 3 months.",
                    surgeryNecessary = surgery,
                    confidence = surgery ? 0.8 : 0.7,
                    narrative = $"Reviewed {documents} record(s) as {subspecialty}. (Demo opinion.)",
                    answers = new[] { "See recommendation." },
                }),
            };
            opinion.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await SendAsync(http, opinion, ct);
            output.WriteLine($"[specialist] {specialistId} submitted an opinion for {seatId} of case {caseId}");
        }
    }

    /// <summary>
    /// The medical director: reads each waiting draft's packet (opinions side by side, consensus,
    /// flags) and signs it, with the conclusion as the note when the panel could not decide.
    /// </summary>
    private static async Task ActAsDirectorAsync(HttpClient http, string token, TextWriter output, CancellationToken ct)
    {
        foreach (var waiting in (await GetJsonAsync(http, "/api/director/queue", token, ct)).EnumerateArray())
        {
            var caseId = waiting.GetProperty("caseId").GetString()!;
            var packet = await GetJsonAsync(http, $"/api/director/cases/{caseId}", token, ct);
            if (packet.GetProperty("decide").GetArrayLength() == 0) continue;
            var flags = string.Join(", ", packet.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            var tieBreakers = packet.GetProperty("opinions").EnumerateArray().Count(o => o.GetProperty("tieBreaker").GetBoolean());
            output.WriteLine($"[director] case {caseId}: {packet.GetProperty("opinions").GetArrayLength()} opinion(s)"
                + (tieBreakers > 0 ? $", {tieBreakers} from a tie-breaking reviewer" : "") + (flags.Length > 0 ? $"; flags: {flags}" : ""));
            using var sign = new HttpRequestMessage(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff")
            {
                Content = JsonContent.Create(new { decision = "sign", note = "I have reviewed the opinions and the evidence and agree with the conclusion." }),
            };
            sign.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await SendAsync(http, sign, ct);
            output.WriteLine($"[director] {DirectorSubject} signed the report of case {caseId}");
        }
    }

    /// <summary>
    /// After signing: the patient asks one follow-up question; a reviewer of the panel finds it in
    /// the case materials and answers; the answer comes back as a signed addendum (report version 2).
    /// </summary>
    private static async Task AskAndAnswerFollowUpAsync(HttpClient http, string caseId, string patientToken, Dictionary<string, string> specialistTokens,
        TextWriter output, CancellationToken ct)
    {
        using var ask = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/questions")
        {
            Content = JsonContent.Create(new { question = "If I choose active surveillance, how often should my PSA be checked?" }),
        };
        ask.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patientToken);
        var question = await SendAsync(http, ask, ct);
        var questionId = question.GetProperty("id").GetString()!;
        output.WriteLine($"[patient] asked follow-up question {questionId} on case {caseId}");

        while (!await AnswerOnceAsync()) await Task.Delay(300, ct);
        while (true)
        {
            var report = await GetJsonAsync(http, $"/api/cases/{caseId}/report", patientToken, ct);
            if (report.GetProperty("followUps").GetArrayLength() > 0)
            {
                output.WriteLine($"[report] case {caseId}: version {report.GetProperty("version").GetInt32()} adds the signed answer to {questionId}; earlier versions are kept");
                return;
            }
            await Task.Delay(300, ct);
        }

        // A reviewer of the panel who sees the open question in their completed review answers it.
        async Task<bool> AnswerOnceAsync()
        {
            foreach (var (specialistId, token) in specialistTokens)
            {
                var done = await GetJsonAsync(http, "/api/assignments?status=completed", token, ct);
                foreach (var assignment in done.EnumerateArray().Where(a => a.GetProperty("caseId").GetString() == caseId))
                {
                    var id = assignment.GetProperty("id").GetString()!;
                    var materials = await GetJsonAsync(http, $"/api/assignments/{id}/case", token, ct);
                    if (!materials.GetProperty("followUpQuestions").EnumerateArray().Any(q => q.GetProperty("id").GetString() == questionId && q.GetProperty("status").GetString() == "open"))
                        continue;
                    using var answer = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{id}/questions/{questionId}/answer")
                    {
                        Content = JsonContent.Create(new { answer = "Every 3 to 6 months for the first two years, with a repeat biopsy at 12 months. (Demo answer.)" }),
                    };
                    answer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    await SendAsync(http, answer, ct);
                    output.WriteLine($"[specialist] {specialistId} answered follow-up question {questionId}");
                    return true;
                }
            }
            return false;
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string sub, string role, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/api/dev/token", new { sub, role }, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/dev/token answered {(int)response.StatusCode}; the demo needs ASPNETCORE_ENVIRONMENT=Development.");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await SendAsync(http, request, ct);
    }

    private static readonly HashSet<string> CasesShown = [];

    /// <summary>What the panel reads, once per case: each record's codes, measurements and diagnoses with their page, and the triage evidence.</summary>
    private static void PrintEvidence(string caseId, JsonElement materials, TextWriter output)
    {
        static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        static string Page(JsonElement fact) => fact.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Object ? $" p{l.GetProperty("page").GetInt32()}" : "";
        output.WriteLine($"[records] case {caseId}, as the panel reads it:");
        foreach (var document in materials.GetProperty("documents").EnumerateArray())
        {
            var facts = document.GetProperty("facts").EnumerateArray().ToList();
            output.WriteLine($"         {Str(document, "documentId")} ({Str(document, "label")}, {Str(document, "extractionMethod")}): {facts.Count} fact(s)");
            foreach (var kind in new[] { "icd10", "diagnosis", "measurement" })
            {
                var items = facts.Where(f => Str(f, "kind") == kind).Select(f =>
                {
                    var assertion = Str(f, "assertion");
                    var code = kind == "diagnosis" && Str(f, "code") is { Length: > 0 } c ? $" [{c}]" : "";
                    return $"{Str(f, "value")}{code}{Page(f)}{(assertion is "" or "present" ? "" : $" ({assertion})")}";
                }).ToList();
                if (items.Count > 0) output.WriteLine($"           {kind}: {string.Join("; ", items)}");
            }
        }
        if (materials.TryGetProperty("triage", out var triage) && triage.ValueKind == JsonValueKind.Object)
        {
            var inferred = Str(triage, "inferredCategory");
            output.WriteLine($"         triage: category {Str(triage, "category")} (records say {(inferred.Length > 0 ? inferred : "nothing decisive")}), "
                + $"urgency {Str(triage, "urgency")}, seats {string.Join(", ", triage.GetProperty("subspecialties").EnumerateArray().Select(x => x.GetString()))}");
            foreach (var e in triage.GetProperty("evidence").EnumerateArray().Take(6))
            {
                var page = e.TryGetProperty("page", out var p) && p.ValueKind == JsonValueKind.Number ? $", page {p.GetInt32()}" : "";
                output.WriteLine($"           {Str(e, "finding")} <- '{Str(e, "phrase")}' ({Str(e, "source")}{page})");
            }
        }
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
