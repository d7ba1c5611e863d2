using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;

namespace SecondOpinion.Infrastructure.Ocr;

public sealed record DocumentIntelligenceOptions
{
    /// <summary>The resource endpoint, e.g. https://{name}.cognitiveservices.azure.com/.</summary>
    public Uri? Endpoint { get; init; }
    /// <summary>Key auth; leave empty to use the managed identity (the deployed default).</summary>
    public string? ApiKey { get; init; }
    public string ModelId { get; init; } = "prebuilt-read";
    public string ApiVersion { get; init; } = "2024-11-30";
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Analyses in flight at once from this process (the service throttles a resource's calls a second).</summary>
    public int MaxConcurrentCalls { get; init; } = 4;
}

/// <summary>The service answered with an error; the message carries its code, never document content.</summary>
public sealed class DocumentIntelligenceException(string message) : Exception(message);

/// <summary>
/// Azure AI Document Intelligence over its REST API (no SDK package is served here): POST the image
/// to <c>{model}:analyze</c>, then poll the <c>Operation-Location</c> until the result is ready.
/// Transient 429/5xx answers are retried by the HttpClient's resilience handler. Each of the
/// result's <c>pages[]</c> becomes an <see cref="OcrPage"/>: its lines as text, the mean of its
/// words' confidences, its <c>angle</c> as a rotation, and the detected language covering most of it.
/// </summary>
public sealed class DocumentIntelligenceOcrEngine(HttpClient http, DocumentIntelligenceOptions options, TokenCredential? credential = null) : IOcrEngine
{
    private static readonly string[] Scopes = ["https://cognitiveservices.azure.com/.default"];
    private readonly SemaphoreSlim calls = new(Math.Max(1, options.MaxConcurrentCalls));

    public string Engine => SecondOpinion.Core.Records.ReadingEngines.DocumentIntelligence;

    public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default)
    {
        await calls.WaitAsync(ct);
        try
        {
            return await AnalyzeAsync(image, contentType, ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Document Intelligence did not finish within {options.Timeout}.");
        }
        finally
        {
            calls.Release();
        }
    }

    private async Task<IReadOnlyList<OcrPage>> AnalyzeAsync(byte[] image, string contentType, CancellationToken ct)
    {
        var endpoint = options.Endpoint ?? throw new InvalidOperationException("Ocr:DocumentIntelligence:Endpoint is not set.");
        var baseUri = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        var analyze = new Uri(baseUri, $"documentintelligence/documentModels/{Uri.EscapeDataString(options.ModelId)}:analyze?api-version={Uri.EscapeDataString(options.ApiVersion)}");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, analyze) { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        await AuthorizeAsync(request, deadline.Token);
        using var accepted = await http.SendAsync(request, deadline.Token);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
            throw new DocumentIntelligenceException($"Document Intelligence refused the analysis: {(int)accepted.StatusCode} {await ErrorCodeAsync(accepted, deadline.Token)}.");
        var operation = accepted.Headers.TryGetValues("Operation-Location", out var values) ? values.FirstOrDefault() : null;
        if (operation is null) throw new DocumentIntelligenceException("Document Intelligence did not return an Operation-Location.");

        var delay = RetryAfter(accepted) ?? options.PollInterval;
        while (true)
        {
            await Task.Delay(delay, deadline.Token);
            using var poll = new HttpRequestMessage(HttpMethod.Get, operation);
            await AuthorizeAsync(poll, deadline.Token);
            using var response = await http.SendAsync(poll, deadline.Token);
            if (!response.IsSuccessStatusCode)
                throw new DocumentIntelligenceException($"Polling the analysis failed: {(int)response.StatusCode} {await ErrorCodeAsync(response, deadline.Token)}.");
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(deadline.Token), cancellationToken: deadline.Token);
            var status = body.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            switch (status)
            {
                case "succeeded":
                    return body.RootElement.TryGetProperty("analyzeResult", out var result) ? DocumentIntelligenceResult.Pages(result) : [OcrPage.Blank(null)];
                case "failed" or "canceled":
                    var code = body.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.GetString() : "unknown";
                    throw new DocumentIntelligenceException($"The analysis {status}: {code}.");
                case "notStarted" or "running":
                    delay = RetryAfter(response) ?? options.PollInterval;
                    break;
                default:
                    throw new DocumentIntelligenceException($"Unexpected analysis status '{status}'.");
            }
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", options.ApiKey);
            return;
        }
        if (credential is null) throw new InvalidOperationException("Document Intelligence needs an ApiKey or a managed identity credential.");
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero ? delta : null;

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return body.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
