using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SecondOpinion.Tests.Support;

/// <summary>What the stand-in was sent in one accepted job: no more than tests need to check the request shape.</summary>
public sealed record SubmittedHealthcareJob(string ApiVersion, string? Key, bool Bearer, string Kind, string? StringIndexType, string? ModelVersion, bool? LoggingOptOut,
    IReadOnlyList<(string Id, string Language, int Length)> Documents);

/// <summary>
/// A local server that speaks Azure AI Language's analyze-text job contract for the Healthcare task
/// (Language REST API 2024-11-01: "Analyze Text - Submit Job", "Analyze Text - Job Status"; limits from
/// "Service limits for Azure AI Language"): key or bearer auth, api-version, body shape and limits
/// checked, 202 + Operation-Location, <c>notStarted</c>/<c>running</c> with Retry-After for the first
/// polls, then <c>succeeded</c> with entities found in the submitted text by a small term table (offsets
/// in the index type the job asked for), assertions from cue words, ICD10CM links, measurement relations,
/// results paged with <c>nextLink</c>. Errors carry the documented body (<c>error.code</c>, <c>innererror.code</c>).
/// </summary>
public sealed partial class TextAnalyticsForHealthStandIn : IAsyncDisposable
{
    public const string Key = "stand-in-language-key";
    public static readonly string[] ApiVersions = ["2022-05-01", "2023-04-01", "2024-11-01"];
    private const int MaxDocuments = 25;
    private const int MaxTextElements = 125_000;
    private const int MaxRequestBytes = 1024 * 1024;

    private sealed record Term(string Text, string Category, string? Icd10 = null, string? Name = null);

    // Longest first, so "adenocarcinoma of the prostate" wins over "adenocarcinoma".
    private static readonly Term[] Terms = new Term[]
    {
        new("adenocarcinoma of the prostate", "Diagnosis", "C61", "Adenocarcinoma of prostate"),
        new("prostate cancer", "Diagnosis", "C61", "Malignant neoplasm of prostate"),
        new("breast cancer", "Diagnosis", "C50.919", "Malignant neoplasm of breast"),
        new("adenocarcinoma", "Diagnosis", "C80.1", "Adenocarcinoma"),
        new("metastasis", "Diagnosis", null, "Neoplasm Metastasis"),
        new("atrial fibrillation", "Diagnosis", "I48.91", "Atrial Fibrillation"),
        new("type 2 diabetes", "Diagnosis", "E11.9", "Diabetes Mellitus, Non-Insulin-Dependent"),
        new("stroke", "Diagnosis", "I63.9", "Cerebrovascular accident"),
        new("chest pain", "SymptomOrSign", "R07.9", "Chest Pain"),
        new("fever", "SymptomOrSign", "R50.9", "Fever"),
        new("prostatectomy", "TreatmentName", null, "Prostatectomy"),
        new("radiotherapy", "TreatmentName", null, "Radiation therapy"),
        new("biopsy", "ExaminationName", null, "Biopsy"),
        new("ejection fraction", "ExaminationName", null, "Ejection fraction"),
        new("PSA", "ExaminationName", null, "Prostate specific antigen measurement"),
        new("HbA1c", "ExaminationName", null, "Hemoglobin A1c measurement"),
        new("metformin", "MedicationName", null, "metformin"),
        new("tamoxifen", "MedicationName", null, "tamoxifen"),
        new("mother", "FamilyRelation"),
        new("prostate", "BodyStructure"),
    }.OrderByDescending(t => t.Text.Length).ToArray();

    private static readonly (string Cue, string Field, string Value)[] Cues =
    [
        ("no ", "certainty", "negative"), ("denies ", "certainty", "negative"), ("negative for ", "certainty", "negative"), ("without ", "certainty", "negative"),
        ("possible ", "certainty", "positivePossible"), ("suspicious for ", "certainty", "positivePossible"), ("cannot exclude ", "certainty", "positivePossible"),
        ("if ", "conditionality", "hypothetical"), ("risk of ", "conditionality", "hypothetical"),
        ("history of ", "temporality", "past"), ("previous ", "temporality", "past"), ("s/p ", "temporality", "past"),
        ("planned ", "temporality", "future"), ("scheduled for ", "temporality", "future"),
        ("mother", "association", "other"), ("father", "association", "other"), ("sister", "association", "other"), ("family history", "association", "other"),
    ];

    [GeneratedRegex(@"\bstage\s+(?:[0IV]{1,4}[ABC]?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StagePattern();

    [GeneratedRegex(@"^\s*(?:of|was|is|:|=)?\s*(?<value>\d+(?:\.\d+)?)(?:\s*(?<unit>ng/mL|mg/dL|mmHg|%))?", RegexOptions.IgnoreCase)]
    private static partial Regex ValueAfterExamination();

    private sealed class Job(string id, IReadOnlyList<(string Id, string Text)> documents, string indexType)
    {
        public string Id { get; } = id;
        public IReadOnlyList<(string Id, string Text)> Documents { get; } = documents;
        public string IndexType { get; } = indexType;
        public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;
        public int Polls;
    }

    private readonly ConcurrentDictionary<string, Job> jobs = new();
    private WebApplication server = null!;
    private int throttleRemaining;

    /// <summary>https-less local endpoint: http://127.0.0.1:{port}/.</summary>
    public Uri Endpoint { get; private set; } = null!;
    public ConcurrentQueue<SubmittedHealthcareJob> Submitted { get; } = new();
    /// <summary>How many polls of a job answer notStarted/running before it finishes.</summary>
    public int PendingPolls { get; set; } = 2;
    /// <summary>The Retry-After (seconds) sent with pending job states and with a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
    /// <summary>Documents per result page; more are reached through nextLink.</summary>
    public int ResultsPageSize { get; set; } = 20;
    /// <summary>When set, jobs end <c>failed</c> with this error code.</summary>
    public string? FailJobsWith { get; set; }

    /// <summary>The next <paramref name="count"/> job submissions are answered 429 with Retry-After.</summary>
    public void ThrottleNextSubmissions(int count) => Interlocked.Exchange(ref throttleRemaining, count);

    public static async Task<TextAnalyticsForHealthStandIn> StartAsync()
    {
        var standIn = new TextAnalyticsForHealthStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        standIn.server = builder.Build();
        standIn.server.MapPost("/language/analyze-text/jobs", (Func<HttpContext, Task<IResult>>)standIn.SubmitAsync);
        standIn.server.MapGet("/language/analyze-text/jobs/{jobId}", (Func<HttpContext, string, IResult>)standIn.Status);
        await standIn.server.StartAsync();
        standIn.Endpoint = new Uri(standIn.server.Urls.First() + "/");
        return standIn;
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    private async Task<IResult> SubmitAsync(HttpContext http)
    {
        if (Refused(http) is { } refused) return refused;
        if (Interlocked.Decrement(ref throttleRemaining) >= 0)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Error(429, "TooManyRequests", null, "Rate limit is exceeded. Try again later.");
        }
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxRequestBytes) return Error(413, "InvalidRequest", "InvalidDocumentBatch", "Request payload size exceeds the limit of 1 MB.");
        JsonNode? body;
        try { body = JsonNode.Parse(buffer.ToArray()); }
        catch (JsonException) { return Error(400, "InvalidRequest", "InvalidRequestBodyFormat", "Request body format is wrong."); }

        var tasks = body?["tasks"] as JsonArray;
        var task = tasks is { Count: 1 } ? tasks[0] : null;
        var kind = task?["kind"]?.GetValue<string>();
        if (kind != "Healthcare") return Error(400, "InvalidRequest", "InvalidParameterValue", "Exactly one task of kind Healthcare is expected by this stand-in.");
        var parameters = task!["parameters"];
        var indexType = parameters?["stringIndexType"]?.GetValue<string>() ?? "TextElements_v8";
        if (indexType is not ("TextElements_v8" or "UnicodeCodePoint" or "Utf16CodeUnit"))
            return Error(400, "InvalidRequest", "InvalidParameterValue", "Invalid stringIndexType.");

        if (body?["analysisInput"]?["documents"] is not JsonArray { Count: > 0 } documents)
            return Error(400, "InvalidRequest", "MissingInputDocuments", "Missing input documents.");
        if (documents.Count > MaxDocuments)
            return Error(400, "InvalidRequest", "InvalidDocumentBatch", $"Batch request contains too many records. Max {MaxDocuments} records are permitted.");
        var accepted = new List<(string Id, string Text, string Language)>();
        var totalElements = 0;
        foreach (var document in documents)
        {
            var id = document?["id"]?.GetValue<string>();
            var text = document?["text"]?.GetValue<string>();
            var language = document?["language"]?.GetValue<string>() ?? "en";
            if (string.IsNullOrEmpty(id) || text is null || accepted.Any(a => a.Id == id))
                return Error(400, "InvalidRequest", "InvalidDocument", "Every document needs a unique, non-empty id and a text.");
            var elements = new StringInfo(text).LengthInTextElements;
            if (elements > MaxTextElements)
                return Error(400, "InvalidRequest", "InvalidDocument", $"A document within the request was too large to be processed. Limit document size to: {MaxTextElements} text elements.");
            totalElements += elements;
            accepted.Add((id, text, language));
        }
        if (totalElements > MaxTextElements)
            return Error(400, "InvalidRequest", "InvalidDocumentBatch", $"The documents of a request may hold at most {MaxTextElements} text elements together.");

        var version = http.Request.Query["api-version"].ToString();
        Submitted.Enqueue(new SubmittedHealthcareJob(version, http.Request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault(),
            http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal), kind, parameters?["stringIndexType"]?.GetValue<string>(),
            parameters?["modelVersion"]?.GetValue<string>(), parameters?["loggingOptOut"]?.GetValue<bool>(),
            accepted.Select(a => (a.Id, a.Language, a.Text.Length)).ToList()));
        var job = new Job(Guid.NewGuid().ToString(), accepted.Select(a => (a.Id, a.Text)).ToList(), indexType);
        jobs[job.Id] = job;
        http.Response.Headers["Operation-Location"] = $"{Endpoint}language/analyze-text/jobs/{job.Id}?api-version={version}";
        return Results.StatusCode(202);
    }

    private IResult Status(HttpContext http, string jobId)
    {
        if (Refused(http) is { } refused) return refused;
        if (!jobs.TryGetValue(jobId, out var job)) return Error(404, "NotFound", null, "The job was not found.");
        var polls = Interlocked.Increment(ref job.Polls);
        var skip = int.TryParse(http.Request.Query["skip"], out var s) ? s : 0;
        var top = int.TryParse(http.Request.Query["top"], out var t) ? t : ResultsPageSize;
        if (skip == 0 && polls <= PendingPolls)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(State(job, polls == 1 ? "notStarted" : "running", tasks: new JsonObject
            {
                ["completed"] = 0, ["failed"] = 0, ["inProgress"] = 1, ["total"] = 1, ["items"] = new JsonArray(),
            }));
        }
        if (FailJobsWith is { } code)
        {
            var failed = State(job, "failed", tasks: new JsonObject
            {
                ["completed"] = 0, ["failed"] = 1, ["inProgress"] = 0, ["total"] = 1,
                ["items"] = new JsonArray(new JsonObject { ["kind"] = "HealthcareLROResults", ["lastUpdateDateTime"] = Now(), ["status"] = "failed" }),
            });
            failed["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = "The job failed." });
            return Results.Json(failed);
        }
        var page = job.Documents.Skip(skip).Take(top).ToList();
        var documents = new JsonArray(page.Select((d, i) => (JsonNode)Analyze(d.Id, d.Text, i, job.IndexType)).ToArray());
        var state = State(job, "succeeded", tasks: new JsonObject
        {
            ["completed"] = 1, ["failed"] = 0, ["inProgress"] = 0, ["total"] = 1,
            ["items"] = new JsonArray(new JsonObject
            {
                ["kind"] = "HealthcareLROResults",
                ["taskName"] = "clinical-facts",
                ["lastUpdateDateTime"] = Now(),
                ["status"] = "succeeded",
                ["results"] = new JsonObject { ["errors"] = new JsonArray(), ["modelVersion"] = "2023-04-15", ["documents"] = documents },
            }),
        });
        if (skip + top < job.Documents.Count)
            state["nextLink"] = $"{Endpoint}language/analyze-text/jobs/{job.Id}?api-version={http.Request.Query["api-version"]}&skip={skip + top}&top={top}";
        return Results.Json(state);
    }

    private static JsonObject State(Job job, string status, JsonObject tasks) => new()
    {
        ["jobId"] = job.Id,
        ["createdDateTime"] = job.Created.ToString("O"),
        ["lastUpdatedDateTime"] = Now(),
        ["expirationDateTime"] = job.Created.AddDays(1).ToString("O"),
        ["status"] = status,
        ["errors"] = new JsonArray(),
        ["tasks"] = tasks,
    };

    private static string Now() => DateTimeOffset.UtcNow.ToString("O");

    /// <summary>Key or bearer auth, then a supported api-version.</summary>
    private static IResult? Refused(HttpContext http)
    {
        var key = http.Request.Headers["Ocp-Apim-Subscription-Key"].FirstOrDefault();
        var bearer = http.Request.Headers.Authorization.ToString();
        if (key != Key && !(bearer.StartsWith("Bearer ", StringComparison.Ordinal) && bearer.Length > "Bearer ".Length))
            return Error(401, "Unauthorized", null, "Access denied due to invalid subscription key or wrong API endpoint.");
        var version = http.Request.Query["api-version"].ToString();
        if (!ApiVersions.Contains(version))
            return Error(400, "InvalidRequest", "InvalidParameterValue", "The api-version query parameter is missing or not supported.");
        return null;
    }

    private static IResult Error(int status, string code, string? inner, string message)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (inner is not null) error["innererror"] = new JsonObject { ["code"] = inner, ["message"] = message };
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    /// <summary>Entities from the term table, with assertions, links and measurement relations, at offsets in the job's index type.</summary>
    private static JsonObject Analyze(string id, string text, int documentIndex, string indexType)
    {
        var found = new List<(int Start, int Length, string Category, Term? Term)>();
        foreach (var term in Terms)
            for (var at = text.IndexOf(term.Text, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term.Text, at + 1, StringComparison.OrdinalIgnoreCase))
                if (WholeWord(text, at, term.Text.Length) && !found.Any(f => at < f.Start + f.Length && f.Start < at + term.Text.Length))
                    found.Add((at, term.Text.Length, term.Category, term));
        foreach (Match m in StagePattern().Matches(text))
            if (!found.Any(f => m.Index < f.Start + f.Length && f.Start < m.Index + m.Length)) found.Add((m.Index, m.Length, "ConditionScale", null));
        // Values and units after examinations, with the relations that tie them.
        var measurements = new List<(int Exam, int Value, int? Unit)>();
        foreach (var exam in found.Where(f => f.Category == "ExaminationName").ToList())
        {
            var after = exam.Start + exam.Length;
            var m = ValueAfterExamination().Match(text[after..]);
            if (!m.Success) continue;
            var value = m.Groups["value"];
            found.Add((after + value.Index, value.Length, "MeasurementValue", null));
            var unit = m.Groups["unit"];
            if (unit.Success) found.Add((after + unit.Index, unit.Length, "MeasurementUnit", null));
            measurements.Add((exam.Start, after + value.Index, unit.Success ? after + unit.Index : null));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        var indexOf = found.Select((f, i) => (f.Start, i)).ToDictionary(x => x.Start, x => x.i);

        var entities = new JsonArray();
        foreach (var (start, length, category, term) in found)
        {
            var (offset, size) = Index(text, start, length, indexType);
            var entity = new JsonObject
            {
                ["offset"] = offset, ["length"] = size, ["text"] = text.Substring(start, length), ["category"] = category, ["confidenceScore"] = 0.9,
            };
            if (AssertionBefore(text, start) is { Count: > 0 } assertion) entity["assertion"] = assertion;
            if (term?.Name is { } name) entity["name"] = name;
            if (term?.Icd10 is { } code)
                entity["links"] = new JsonArray(new JsonObject { ["dataSource"] = "UMLS", ["id"] = "C0000000" }, new JsonObject { ["dataSource"] = "ICD10CM", ["id"] = code });
            entities.Add(entity);
        }
        string Ref(int start) => $"#/results/documents/{documentIndex}/entities/{indexOf[start]}";
        var relations = new JsonArray();
        foreach (var (exam, value, unit) in measurements)
        {
            relations.Add(new JsonObject
            {
                ["relationType"] = "ValueOfExamination", ["confidenceScore"] = 0.9,
                ["entities"] = new JsonArray(new JsonObject { ["ref"] = Ref(exam), ["role"] = "Examination" }, new JsonObject { ["ref"] = Ref(value), ["role"] = "Value" }),
            });
            if (unit is { } u)
                relations.Add(new JsonObject
                {
                    ["relationType"] = "UnitOfExamination", ["confidenceScore"] = 0.9,
                    ["entities"] = new JsonArray(new JsonObject { ["ref"] = Ref(exam), ["role"] = "Examination" }, new JsonObject { ["ref"] = Ref(u), ["role"] = "Unit" }),
                });
        }
        return new JsonObject { ["id"] = id, ["entities"] = entities, ["relations"] = relations, ["warnings"] = new JsonArray() };
    }

    private static bool WholeWord(string text, int at, int length) =>
        (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (at + length >= text.Length || !char.IsLetterOrDigit(text[at + length]));

    /// <summary>Cue words earlier in the same sentence; only values that differ from the defaults, as the service returns them.</summary>
    private static JsonObject AssertionBefore(string text, int start)
    {
        var sentenceStart = text.LastIndexOfAny(['.', ';', '\n'], Math.Max(0, start - 1)) + 1;
        var before = text[sentenceStart..start].ToLowerInvariant();
        var assertion = new JsonObject();
        foreach (var (cue, field, value) in Cues)
            if (before.Contains(cue, StringComparison.Ordinal) && assertion[field] is null) assertion[field] = value;
        return assertion;
    }

    /// <summary>A UTF-16 span as offset and length in the requested index type.</summary>
    private static (int Offset, int Length) Index(string text, int start, int length, string indexType)
    {
        switch (indexType)
        {
            case "Utf16CodeUnit":
                return (start, length);
            case "UnicodeCodePoint":
                int CodePoints(int from, int to) { var n = 0; for (var i = from; i < to; i++) if (!char.IsLowSurrogate(text[i])) n++; return n; }
                return (CodePoints(0, start), CodePoints(start, start + length));
            default:
                var elements = StringInfo.ParseCombiningCharacters(text);
                var offset = elements.Count(e => e < start);
                return (offset, elements.Count(e => e >= start && e < start + length));
        }
    }
}
