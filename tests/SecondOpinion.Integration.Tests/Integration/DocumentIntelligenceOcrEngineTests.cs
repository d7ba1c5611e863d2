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
    private object analyzeResult = ReadResult(
        (Angle: 0.4, Lines: ["Biopsy confirms adenocarcinoma, Gleason 3 + 4.", "Patient requests a second opinion."], Locale: "en"));
    private int inFlight;
    private int mostInFlight;

    /// <summary>
    /// An <c>analyzeResult</c> shaped as prebuilt-read 2024-11-30 returns it: the concatenated content,
    /// per page its number, angle, size, spans, words (content, polygon, confidence, span) and lines
    /// (content, polygon, spans), and the detected languages with the spans they cover.
    /// Word confidences alternate 0.9 and 0.7, so a page's mean is known.
    /// </summary>
    private static object ReadResult(params (double Angle, string[] Lines, string Locale)[] pages)
    {
        var content = new System.Text.StringBuilder();
        var pageResults = new List<object>();
        var languages = new List<object>();
        for (var i = 0; i < pages.Length; i++)
        {
            if (content.Length > 0) content.Append('\n');
            var pageStart = content.Length;
            var words = new List<object>();
            var lines = new List<object>();
            foreach (var line in pages[i].Lines)
            {
                if (content.Length > pageStart) content.Append('\n');
                var lineStart = content.Length;
                foreach (var word in line.Split(' '))
                {
                    if (content.Length > lineStart) content.Append(' ');
                    words.Add(new { content = word, polygon = new[] { 10, 10, 60, 10, 60, 30, 10, 30 }, confidence = words.Count % 2 == 0 ? 0.9 : 0.7, span = new { offset = content.Length, length = word.Length } });
                    content.Append(word);
                }
                lines.Add(new { content = line, polygon = new[] { 10, 10, 900, 10, 900, 30, 10, 30 }, spans = new[] { new { offset = lineStart, length = line.Length } } });
            }
            var span = new { offset = pageStart, length = content.Length - pageStart };
            pageResults.Add(new { pageNumber = i + 1, angle = pages[i].Angle, width = 1240, height = 600, unit = "pixel", spans = new[] { span }, words, lines });
            if (pages[i].Lines.Length > 0) languages.Add(new { locale = pages[i].Locale, spans = new[] { span }, confidence = 0.95 });
        }
        return new { apiVersion = "2024-11-30", modelId = "prebuilt-read", stringIndexType = "textElements", content = content.ToString(), pages = pageResults, languages };
    }

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
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            var id = Guid.NewGuid().ToString("N");
            http.Response.Headers["Operation-Location"] = $"{endpoint}documentintelligence/documentModels/{model.Split(':')[0]}/analyzeResults/{id}?api-version=2024-11-30";
            return Results.StatusCode(202);
        });
        server.MapGet("/documentintelligence/documentModels/{model}/analyzeResults/{id}", (string model, string id) =>
        {
            var seen = polls.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (seen <= pollsBeforeDone) return Results.Json(new { status = "running" });
            Interlocked.Decrement(ref inFlight);
            return outcome == "succeeded"
                ? Results.Json(new { status = "succeeded", createdDateTime = "2026-12-02T03:00:00Z", lastUpdatedDateTime = "2026-12-02T03:00:01Z", analyzeResult })
                : Results.Json(new { status = "failed", error = new { code = "InvalidContent", message = "The file is corrupted or format is unsupported." } });
        });
        await server.StartAsync();
        endpoint = new Uri(server.Urls.First() + "/");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }

    private DocumentIntelligenceOcrEngine Engine(HttpClient? http = null, int maxConcurrentCalls = 4) => new(http ?? new HttpClient(), new DocumentIntelligenceOptions
    {
        Endpoint = endpoint,
        ApiKey = "test-key",
        PollInterval = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(10),
        MaxConcurrentCalls = maxConcurrentCalls,
    });

    [Fact]
    public async Task posts_the_image_to_the_read_model_and_returns_the_recognised_text()
    {
        var page = Assert.Single(await Engine().RecognizeAsync(SampleRecords.ScannedNotePng(), "image/png"));

        Assert.Equal("Biopsy confirms adenocarcinoma, Gleason 3 + 4.\nPatient requests a second opinion.", page.Text);
        var call = Assert.Single(analyzeCalls);
        Assert.Equal("/documentintelligence/documentModels/prebuilt-read:analyze", call.Path);
        Assert.Equal("?api-version=2024-11-30", call.Query);
        Assert.Equal("test-key", call.Key);
        Assert.Equal("image/png", call.ContentType);
        Assert.Equal(SampleRecords.ScannedNotePng().Length, call.Bytes);
    }

    [Fact]
    public async Task each_result_page_keeps_its_lines_mean_word_confidence_rotation_and_language()
    {
        analyzeResult = ReadResult(
            (Angle: 179.2, Lines: ["Cardiology consultation letter", "Severe aortic stenosis."], Locale: "en"),
            (Angle: 0, Lines: [], Locale: "en"),
            (Angle: -90.5, Lines: ["Estenosis aórtica grave."], Locale: "es"));

        var pages = await Engine().RecognizeAsync([1, 2, 3], "image/tiff");

        Assert.Equal(3, pages.Count);
        Assert.Equal("Cardiology consultation letter\nSevere aortic stenosis.", pages[0].Text);
        Assert.Equal((0.9 + 0.7 + 0.9 + 0.7 + 0.9 + 0.7) / 6, pages[0].Confidence!.Value, 6);
        Assert.Equal(6, pages[0].Words);
        Assert.Equal(180, pages[0].RotationDegrees);
        Assert.Contains(OcrFlags.Rotated(180), pages[0].Flags!);
        Assert.Equal("en", pages[0].Language);

        Assert.Equal("", pages[1].Text);
        Assert.Null(pages[1].Confidence);
        Assert.Contains(OcrFlags.Blank, pages[1].Flags!);

        Assert.Equal(270, pages[2].RotationDegrees);
        Assert.Equal("es", pages[2].Language);
        Assert.Equal((0.9 + 0.7 + 0.9) / 3, pages[2].Confidence!.Value, 6);
    }

    [Fact]
    public async Task no_more_analyses_are_in_flight_than_the_configured_bound()
    {
        pollsBeforeDone = 3;
        var engine = Engine(maxConcurrentCalls: 2);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => engine.RecognizeAsync([1, 2, 3], "image/png")));

        Assert.Equal(6, analyzeCalls.Count);
        Assert.Equal(2, mostInFlight);
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
        var page = Assert.Single(scanned.PageTexts);
        Assert.Equal(ReadingEngines.DocumentIntelligence, page.Engine);
        Assert.Equal(0.8, page.Confidence!.Value, 6);
        Assert.Equal("en", page.Language);
        Assert.Equal(ExtractionMethod.TextLayer, typed.Method);
        Assert.Single(analyzeCalls);
    }
}
