using Azure.Core;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Facts;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The Text Analytics for health adapter against a local stand-in that speaks the Language
/// analyze-text job contract (the real service is not reachable here). Waits go through a clock that
/// records them and fires at once, so Retry-After is checked without spending or timing it.
/// </summary>
public sealed class TextAnalyticsForHealthEngineTests : IAsyncLifetime
{
    private const string Pathology = "Biopsy confirms adenocarcinoma of the prostate, Gleason 3 + 4. PSA 8.2 ng/mL. No metastasis on imaging.";
    private const string History = "Family history of breast cancer in her mother. Possible atrial fibrillation. History of stroke. Prostatectomy is planned; radiotherapy if PSA rises.";
    // Characters outside the Basic Multilingual Plane before the phrases: UTF-16 offsets differ from text elements and code points here.
    private const string Medication = "Note 🩺𝛼: type 2 diabetes on metformin. HbA1c 7.9%.";

    private TextAnalyticsForHealthStandIn service = null!;
    private readonly RecordingDelays clock = new();

    public async Task InitializeAsync() => service = await TextAnalyticsForHealthStandIn.StartAsync();
    public async Task DisposeAsync() => await service.DisposeAsync();

    private TextAnalyticsForHealthEngine Engine(TextAnalyticsForHealthOptions? options = null, TokenCredential? credential = null) =>
        new(new HttpClient(), options ?? Options(), credential, clock);

    private TextAnalyticsForHealthOptions Options() => new()
    {
        Endpoint = service.Endpoint,
        ApiKey = TextAnalyticsForHealthStandIn.Key,
        PollInterval = TimeSpan.FromMilliseconds(250),
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static PageText Page(int number, string text, string? language = null) => new(number, text, ReadingEngines.TextLayer, Language: language);

    private static readonly PageText[] Record = [Page(1, Pathology), Page(2, History), Page(3, Medication)];

    [Fact]
    public async Task submits_one_healthcare_job_with_a_document_per_page_and_maps_what_the_service_found()
    {
        var facts = await Engine().ExtractAsync("d01", Record);

        var job = Assert.Single(service.Submitted);
        Assert.Equal("2024-11-01", job.ApiVersion);
        Assert.Equal(TextAnalyticsForHealthStandIn.Key, job.Key);
        Assert.Equal("Healthcare", job.Kind);
        Assert.Equal("Utf16CodeUnit", job.StringIndexType);
        Assert.Equal("latest", job.ModelVersion);
        Assert.True(job.LoggingOptOut);
        Assert.Equal(["1", "2", "3"], job.Documents.Select(d => d.Id));
        Assert.All(job.Documents, d => Assert.Equal("en", d.Language));

        Assert.All(facts, f => Assert.Equal(FactEngines.TextAnalyticsForHealth, f.Engine));
        var cancer = Assert.Single(facts, f => f.Value == "adenocarcinoma of the prostate");
        Assert.Equal(("diagnosis", "C61", "oncology", AssertionStatus.Present), (cancer.Kind, cancer.Code, cancer.Category, cancer.Assertion));
        Assert.Contains(facts, f => f is { Kind: "procedure", Value: "Biopsy" });
        Assert.Contains(facts, f => f is { Kind: "procedure", Value: "Prostatectomy" });
        Assert.Contains(facts, f => f is { Kind: "medication", Value: "metformin" });
        Assert.Contains(facts, f => f is { Kind: "diagnosis", Value: "type 2 diabetes", Code: "E11.9", Category: "diabetes" });
        var psa = Assert.Single(facts, f => f.Kind == "measurement" && f.Measurement!.Name == MeasurementNames.Psa);
        Assert.Equal(new MeasuredValue(MeasurementNames.Psa, 8.2, "ng/mL", "psa=8.2ng/mL"), psa.Measurement);
        var hba1c = Assert.Single(facts, f => f.Kind == "measurement" && f.Measurement!.Name == MeasurementNames.HbA1c);
        Assert.Equal("hba1c=7.9%", hba1c.Value);
        // The body structure and the family relation are context, not facts.
        Assert.DoesNotContain(facts, f => f.Value is "prostate" or "mother");
    }

    [Fact]
    public async Task waits_as_long_as_the_service_asks_while_throttled_and_while_the_job_runs()
    {
        service.PendingPolls = 2;
        service.RetryAfterSeconds = 3;
        service.ThrottleNextSubmissions(1);

        var facts = await Engine().ExtractAsync("d01", [Page(1, Pathology)]);

        Assert.NotEmpty(facts);
        // 429 → its Retry-After; 202 without one → the poll interval; notStarted and running → their Retry-After.
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], clock.Requested);
        Assert.Single(service.Submitted);
    }

    [Fact]
    public async Task negation_relatives_uncertainty_and_history_become_the_fact_assertion()
    {
        var facts = await Engine().ExtractAsync("d01", Record);

        AssertionStatus Of(string value) => Assert.Single(facts, f => f.Value == value).Assertion;
        Assert.Equal(AssertionStatus.Negated, Of("metastasis"));
        Assert.Equal(AssertionStatus.OtherPerson, Of("breast cancer"));
        Assert.Equal(AssertionStatus.Possible, Of("atrial fibrillation"));
        Assert.Equal(AssertionStatus.Historical, Of("stroke"));
        Assert.Equal(AssertionStatus.Present, Of("Prostatectomy"));
        var stroke = Assert.Single(facts, f => f.Value == "stroke");
        Assert.Equal(("I63.9", "neurology"), (stroke.Code, stroke.Category));
    }

    [Fact]
    public async Task every_location_points_at_its_phrase_in_the_page_text()
    {
        var facts = await Engine().ExtractAsync("d01", Record);

        Assert.All(facts, f =>
        {
            var location = f.Location!;
            Assert.Equal("d01", location.DocumentId);
            var phrase = Record[location.Page - 1].Text.Substring(location.Start, location.Length);
            if (f.Measurement is { } m) Assert.StartsWith(m.Name, phrase, StringComparison.OrdinalIgnoreCase);
            else Assert.Equal(f.Value, phrase);
            Assert.Contains(phrase, f.Evidence);
        });
        var metformin = Assert.Single(facts, f => f.Value == "metformin");
        Assert.Equal((3, Medication.IndexOf("metformin", StringComparison.Ordinal)), (metformin.Location!.Page, metformin.Location.Start));
    }

    [Fact]
    public async Task a_failed_job_raises_an_error_with_the_service_codes_and_no_record_content()
    {
        service.FailJobsWith = "InternalServerError";

        var error = await Assert.ThrowsAsync<TextAnalyticsForHealthException>(() => Engine().ExtractAsync("d01", Record));

        Assert.Contains("failed", error.Message);
        Assert.Contains("InternalServerError", error.Message);
        foreach (var word in new[] { "adenocarcinoma", "prostate", "metformin", "breast" })
            Assert.DoesNotContain(word, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_document_over_the_service_limit_is_refused_with_the_documented_error()
    {
        // Options that ignore the documented limit (start-up validation would refuse them) reach the service's own check.
        var engine = Engine(Options() with { MaxDocumentCharacters = 200_000, MaxRequestCharacters = 200_000 });
        var huge = string.Concat(Enumerable.Repeat("adenocarcinoma ", 130_000 / 15 + 1));

        var error = await Assert.ThrowsAsync<TextAnalyticsForHealthException>(() => engine.ExtractAsync("d01", [Page(1, huge)]));

        Assert.Contains("400", error.Message);
        Assert.Contains("InvalidRequest/InvalidDocument", error.Message);
        Assert.DoesNotContain("adenocarcinoma", error.Message);
        Assert.Empty(service.Submitted);
    }

    [Fact]
    public async Task a_long_record_is_split_into_documents_and_requests_within_the_limits()
    {
        // A page longer than one document may be, the phrase near its end; then thirty short pages.
        var filler = string.Concat(Enumerable.Repeat("unremarkable tissue ", 6_500));
        var longPage = filler + "Biopsy confirms adenocarcinoma of the prostate.";
        var pages = new List<PageText> { Page(1, longPage) };
        for (var n = 2; n <= 31; n++) pages.Add(Page(n, $"Day {n}: continues metformin."));

        var facts = await Engine().ExtractAsync("d01", pages);

        var jobs = service.Submitted.ToList();
        Assert.True(jobs.Count >= 2);
        Assert.All(jobs, job =>
        {
            Assert.InRange(job.Documents.Count, 1, TextAnalyticsForHealthOptions.RequestDocumentLimit);
            Assert.InRange(job.Documents.Sum(d => d.Length), 1, TextAnalyticsForHealthOptions.RequestCharacterLimit);
        });
        var sent = jobs.SelectMany(j => j.Documents).ToList();
        Assert.Equal(32, sent.Count); // the long page as two pieces, then one document per page
        Assert.Equal(longPage.Length, sent.Where(d => d.Id.StartsWith("1.", StringComparison.Ordinal)).Sum(d => d.Length));

        var cancer = Assert.Single(facts, f => f.Value == "adenocarcinoma of the prostate");
        Assert.Equal((1, longPage.IndexOf("adenocarcinoma", StringComparison.Ordinal)), (cancer.Location!.Page, cancer.Location.Start));
        // Every page's medication is found, including those on the second result page of a job (nextLink).
        Assert.Equal(Enumerable.Range(2, 30), facts.Where(f => f.Value == "metformin").Select(f => f.Location!.Page).Order());
    }

    [Fact]
    public async Task pages_in_a_language_the_service_does_not_read_are_not_sent()
    {
        await Engine().ExtractAsync("d01", [Page(1, Pathology, "eng"), Page(2, "환자는 당뇨병이 있습니다.", "kor"), Page(3, "Fiebre y dolor.", "spa")]);

        var job = Assert.Single(service.Submitted);
        Assert.Equal([("1", "en"), ("3", "es")], job.Documents.Select(d => (d.Id, d.Language)));
    }

    [Fact]
    public async Task without_a_key_it_signs_in_with_the_managed_identity()
    {
        var credential = new FixedTokenCredential();

        await Engine(Options() with { ApiKey = null }, credential).ExtractAsync("d01", [Page(1, Pathology)]);

        var job = Assert.Single(service.Submitted);
        Assert.True(job.Bearer);
        Assert.Null(job.Key);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes);
    }

    private sealed class FixedTokenCredential : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
