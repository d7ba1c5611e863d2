using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Infrastructure.Facts;

/// <summary>The service refused or failed a job; the message carries status and error codes, never record content.</summary>
public sealed class TextAnalyticsForHealthException(string message) : Exception(message);

/// <summary>
/// Clinical facts from Azure AI Language "Text Analytics for health" over its REST API (no SDK is
/// served here). Per request of documents (see <see cref="TextAnalyticsForHealthDocuments"/>): POST
/// an analyze-text job with one <c>Healthcare</c> task, follow its <c>Operation-Location</c> until the
/// job is <c>succeeded</c> (or <c>failed</c>/<c>cancelled</c>), pacing polls by the service's
/// <c>Retry-After</c>, and follow <c>nextLink</c> for further result pages. Offsets are asked for in
/// UTF-16 code units (<c>stringIndexType=Utf16CodeUnit</c>) so they index .NET strings directly, and
/// the service is asked not to log the text (<c>loggingOptOut</c>).
/// Contract: "Analyze Text - Submit Job" / "Analyze Text - Job Status" (Language REST API 2024-11-01,
/// learn.microsoft.com/rest/api/language/analyze-text/analyze-text-submit-job), "How to call Text
/// Analytics for health" (text-analytics-for-health/how-to/call-api), "Service limits for Azure AI
/// Language" (concepts/data-limits). A 429 is waited out for its Retry-After (the HttpClient's
/// resilience handler is told to leave 429 to this adapter, so every wait goes through one clock).
/// </summary>
public sealed class TextAnalyticsForHealthEngine(HttpClient http, TextAnalyticsForHealthOptions options, TokenCredential? credential = null, TimeProvider? clock = null)
    : IClinicalFactEngine
{
    private static readonly string[] Scopes = ["https://cognitiveservices.azure.com/.default"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public string Name => FactEngines.TextAnalyticsForHealth;

    public async Task<IReadOnlyList<ClinicalFact>> ExtractAsync(string documentId, IReadOnlyList<PageText> pages, CancellationToken ct = default)
    {
        var byNumber = pages.GroupBy(p => p.Number).ToDictionary(g => g.Key, g => g.First());
        var facts = new List<ClinicalFact>();
        foreach (var request in TextAnalyticsForHealthDocuments.Plan(pages, options))
        {
            var sent = request.ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var result in await AnalyzeWithinTimeoutAsync(request, ct))
            {
                if (!sent.TryGetValue(result.Id, out var document))
                    throw new TextAnalyticsForHealthException("Text Analytics for health returned a result for a document it was not sent.");
                facts.AddRange(TextAnalyticsForHealthMapper.Map(documentId, byNumber[document.Page], document.Start, result));
            }
        }
        return facts;
    }

    private async Task<IReadOnlyList<HealthcareDocumentResult>> AnalyzeWithinTimeoutAsync(IReadOnlyList<HealthcareDocumentInput> documents, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await AnalyzeAsync(documents, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Text Analytics for health did not finish a job within {options.Timeout}.");
        }
    }

    private async Task<IReadOnlyList<HealthcareDocumentResult>> AnalyzeAsync(IReadOnlyList<HealthcareDocumentInput> documents, CancellationToken ct)
    {
        var endpoint = options.Endpoint ?? throw new InvalidOperationException("Facts:TextAnalyticsForHealth:Endpoint is not set.");
        var baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        var submit = new Uri(baseUri, $"language/analyze-text/jobs?api-version={Uri.EscapeDataString(options.ApiVersion)}");
        var body = new AnalyzeTextJobsInput(
            new MultiLanguageAnalysisInput(documents.Select(d => new MultiLanguageInput(d.Id, d.Text, d.Language)).ToList()),
            [new HealthcareTask("Healthcare", "clinical-facts", new HealthcareTaskParameters(options.ModelVersion, "Utf16CodeUnit", LoggingOptOut: true))]);

        using var accepted = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, submit) { Content = JsonContent.Create(body, options: Json) }, ct);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
            throw new TextAnalyticsForHealthException($"Text Analytics for health refused the job: {(int)accepted.StatusCode} {await ErrorCodesAsync(accepted, ct)}.");
        var operation = accepted.Headers.TryGetValues("Operation-Location", out var values) && Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var location)
            ? location
            : throw new TextAnalyticsForHealthException("Text Analytics for health accepted the job without an Operation-Location.");

        var delay = RetryAfter(accepted) ?? options.PollInterval;
        while (true)
        {
            await Task.Delay(delay, time, ct);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, operation), ct);
            var state = await StateAsync(response, ct);
            switch (state.Status)
            {
                case "succeeded" or "partiallyCompleted":
                    return await ResultsAsync(operation, state, ct);
                case "failed" or "cancelled" or "cancelling":
                    throw new TextAnalyticsForHealthException($"The Text Analytics for health job {state.Status}: {Codes(state.Errors)}.");
                case "notStarted" or "running":
                    delay = RetryAfter(response) ?? options.PollInterval;
                    break;
                default:
                    throw new TextAnalyticsForHealthException($"Text Analytics for health reported an unknown job status '{state.Status}'.");
            }
        }
    }

    /// <summary>The documents of every result page; a document the service could not analyse fails the record (its facts would be silently missing).</summary>
    private async Task<IReadOnlyList<HealthcareDocumentResult>> ResultsAsync(Uri operation, AnalyzeTextJobState state, CancellationToken ct)
    {
        var documents = new List<HealthcareDocumentResult>();
        while (true)
        {
            var task = state.Tasks?.Items?.FirstOrDefault(t => t.Kind == "HealthcareLROResults");
            if (task is null || task.Status != "succeeded" || task.Results is not { } results)
                throw new TextAnalyticsForHealthException($"The Text Analytics for health task did not succeed: {task?.Status ?? "missing"} {Codes(state.Errors)}.");
            if (results.Errors is { Count: > 0 } errors)
                throw new TextAnalyticsForHealthException($"Text Analytics for health could not analyse {errors.Count} document(s): {string.Join(", ", errors.Select(e => e.Error.Codes()).Distinct())}.");
            documents.AddRange(results.Documents ?? []);
            if (string.IsNullOrEmpty(state.NextLink)) return documents;
            var next = new Uri(operation, state.NextLink);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, next), ct);
            state = await StateAsync(response, ct);
        }
    }

    private async Task<AnalyzeTextJobState> StateAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
            throw new TextAnalyticsForHealthException($"Reading the Text Analytics for health job failed: {(int)response.StatusCode} {await ErrorCodesAsync(response, ct)}.");
        try
        {
            return await response.Content.ReadFromJsonAsync<AnalyzeTextJobState>(Json, ct)
                ?? throw new TextAnalyticsForHealthException("Text Analytics for health returned an empty job state.");
        }
        catch (JsonException)
        {
            throw new TextAnalyticsForHealthException("Text Analytics for health returned a job state that is not valid JSON.");
        }
    }

    /// <summary>Sends (a fresh request each attempt), waiting out 429s for their Retry-After, at most <see cref="TextAnalyticsForHealthOptions.MaxThrottledRetries"/> times.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            await AuthorizeAsync(request, ct);
            var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= options.MaxThrottledRetries) return response;
            var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
            response.Dispose();
            await Task.Delay(wait, time, ct);
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", options.ApiKey);
            return;
        }
        if (credential is null) throw new InvalidOperationException("Text Analytics for health needs an ApiKey or a managed identity credential.");
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > time.GetUtcNow() => date - time.GetUtcNow(),
        _ => null,
    };

    private static string Codes(IReadOnlyList<ServiceError>? errors) =>
        errors is { Count: > 0 } ? string.Join(", ", errors.Select(e => e.Codes()).Distinct()) : "no error code";

    private static async Task<string> ErrorCodesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<ErrorResponse>(Json, ct);
            return body?.Error?.Codes() ?? "";
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return "";
        }
    }
}
