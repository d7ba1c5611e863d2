using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Samples;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The Document Intelligence adapter against a local server that speaks the service's REST contract
/// (analyze → 202 + Operation-Location → poll until succeeded/failed). The real service is not reachable here.
/// </summary>
public sealed class DocumentIntelligenceOcrEngineTests : IAsyncLifetime
{
    private WebApplication server = null!;
    private Uri endpoint = null!;
    private readonly ConcurrentQueue<(string Path, string? Query, string? Key, string? ContentType, int Bytes)> analyzeCalls = new();
    private int pollsBeforeDone = 1;
    private string outcome = "succeeded";
    private int throttleFirst;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        server = builder.Build();
        var polls = new ConcurrentDictionary<string, int>();
        server.MapPost("/documentintelligence/documentModels/{model}", async (HttpContext http, string model) =>
        {
            if (Interlocked.Decrement(ref throttleFirst) >= 0) return Results.StatusCode(429);
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            analyzeCalls.Enqueue((http.Request.Path, http.Request.QueryString.Value, http.Request.Headers["Ocp-Apim-Subscription-Key"], http.Request.ContentType, (int)body.Length));
            if (!model.EndsWith(":analyze", StringComparison.Ordinal)) return Results.NotFound();
            var id = Guid.NewGuid().ToString("N");
            http.Response.Headers["Operation-Location"] = $"{endpoint}documentintelligence/documentModels/{model.Split(':')[0]}/analyzeResults/{id}?api-version=2024-11-30";
            return Results.StatusCode(202);
        });
        server.MapGet("/documentintelligence/documentModels/{model}/analyzeResults/{id}", (string model, string id) =>
        {
            var seen = polls.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (seen <= pollsBeforeDone) return Results.Json(new { status = "running" });
            return outcome == "succeeded"
                ? Results.Json(new { status = "succeeded", analyzeResult = new { apiVersion = "2024-11-30", modelId = model, content = "Biopsy confirms adenocarcinoma, Gleason 3 + 4.", pages = new[] { new { pageNumber = 1 } } } })
                : Results.Json(new { status = "failed", error = new { code = "InvalidContent", message = "The file is corrupted or format is unsupported." } });
        });
        await server.StartAsync();
        endpoint = new Uri(server.Urls.First() + "/");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private DocumentIntelligenceOcrEngine Engine(HttpClient? http = null) => new(http ?? new HttpClient(), new DocumentIntelligenceOptions
    {
        Endpoint = endpoint,
        ApiKey = "test-key",
        PollInterval = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(10),
    });

    [Fact]
    public async Task posts_the_image_to_the_read_model_and_returns_the_recognised_text()
    {
        var text = await Engine().RecognizeAsync(SampleRecords.ScannedNotePng(), "image/png");

        Assert.Equal("Biopsy confirms adenocarcinoma, Gleason 3 + 4.", text);
        var call = Assert.Single(analyzeCalls);
        Assert.Equal("/documentintelligence/documentModels/prebuilt-read:analyze", call.Path);
        Assert.Equal("?api-version=2024-11-30", call.Query);
        Assert.Equal("test-key", call.Key);
        Assert.Equal("image/png", call.ContentType);
        Assert.Equal(SampleRecords.ScannedNotePng().Length, call.Bytes);
    }

    [Fact]
    public async Task a_failed_analysis_raises_an_error_with_the_service_code_only()
    {
        outcome = "failed";
        var error = await Assert.ThrowsAsync<DocumentIntelligenceException>(() => Engine().RecognizeAsync([1, 2, 3], "image/png"));
        Assert.Contains("InvalidContent", error.Message);
    }

    [Fact]
    public async Task a_refused_request_is_reported_with_its_status()
    {
        throttleFirst = 1;
        var error = await Assert.ThrowsAsync<DocumentIntelligenceException>(() => Engine().RecognizeAsync([1, 2, 3], "image/png"));
        Assert.Contains("429", error.Message);
    }

    [Fact]
    public async Task an_analysis_that_never_finishes_times_out()
    {
        pollsBeforeDone = int.MaxValue;
        var engine = new DocumentIntelligenceOcrEngine(new HttpClient(), new DocumentIntelligenceOptions
        {
            Endpoint = endpoint, ApiKey = "k", PollInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(300),
        });
        await Assert.ThrowsAsync<TimeoutException>(() => engine.RecognizeAsync([1, 2, 3], "image/png"));
    }

    [Fact]
    public async Task scanned_pdf_pages_go_to_document_intelligence_and_text_layers_do_not()
    {
        var extractor = new RecordTextExtractor(Engine());
        var scanned = await extractor.ExtractAsync(new MemoryStream(SampleRecords.ScannedNotePdf()), "application/pdf");
        var typed = await extractor.ExtractAsync(new MemoryStream(SampleRecords.TextPdf(SampleRecords.CardiologyLetter)), "application/pdf");

        Assert.Equal(ExtractionMethod.Ocr, scanned.Method);
        Assert.Contains("adenocarcinoma", scanned.Text);
        Assert.Equal(ExtractionMethod.TextLayer, typed.Method);
        Assert.Single(analyzeCalls);
    }
}
