using Microsoft.DurableTask.Client;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>
/// The case workflow with <c>Facts:Engine=text-analytics-for-health</c>, composed as deployed (the
/// settings, the HttpClient with its resilience handler), against the local stand-in for the service.
/// </summary>
public sealed class TextAnalyticsForHealthWorkflowTests : IAsyncLifetime
{
    private const string ProstateRecord = "Biopsy confirms adenocarcinoma of the prostate, Gleason 3 + 4. PSA 6.8 ng/mL. No metastasis on imaging. Plan: prostatectomy.";
    private TextAnalyticsForHealthStandIn service = null!;
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync()
    {
        service = await TextAnalyticsForHealthStandIn.StartAsync();
        service.PendingPolls = 1;
        harness = await WorkflowHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Facts:Engine"] = "text-analytics-for-health",
            ["Facts:TextAnalyticsForHealth:Endpoint"] = service.Endpoint.ToString(),
            ["Facts:TextAnalyticsForHealth:ApiKey"] = TextAnalyticsForHealthStandIn.Key,
            ["Facts:TextAnalyticsForHealth:PollInterval"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await service.DisposeAsync();
    }

    [Fact]
    public async Task the_records_stage_stores_the_facts_the_service_found()
    {
        var caseId = await harness.CreateCaseAsync("oncology", "Is prostatectomy necessary?", ProstateRecord);
        await harness.StartAsync(caseId, WorkflowHarness.Patient());

        var state = await harness.ReviewUntilCompletedAsync(caseId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var job = Assert.Single(service.Submitted);
        Assert.Equal(["1"], job.Documents.Select(d => d.Id));
        var json = await harness.Files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(caseId, "d01"));
        var facts = SecondOpinionJson.Deserialize<List<ClinicalFact>>(json!);
        Assert.NotEmpty(facts);
        Assert.All(facts, f => Assert.Equal(FactEngines.TextAnalyticsForHealth, f.Engine));
        Assert.Contains("\"engine\":\"text-analytics-for-health\"", json);
        var cancer = Assert.Single(facts, f => f.Value == "adenocarcinoma of the prostate");
        Assert.Equal(("C61", "oncology", 1), (cancer.Code, cancer.Category, cancer.Location!.Page));
        Assert.Equal(AssertionStatus.Negated, Assert.Single(facts, f => f.Value == "metastasis").Assertion);
        Assert.Contains(facts, f => f.Measurement is { Name: MeasurementNames.Psa, Value: 6.8, Unit: "ng/mL" });
        var caseFile = await harness.Cases.GetAsync(caseId);
        Assert.Equal(facts.Count, caseFile.Documents.Single().Extraction!.Facts);
    }
}
