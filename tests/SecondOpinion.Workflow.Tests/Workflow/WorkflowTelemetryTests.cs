using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>Every workflow step is a span tagged with its case; the product metrics count what happened; neither carries patient data.</summary>
public sealed class WorkflowTelemetryTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync();
    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task each_step_is_a_span_with_the_case_id_and_stages_are_counted()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == Telemetry.Name) l.EnableMeasurementEvents(instrument); },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.Start();

        const string Marker = "Zebulon Quartermaine";
        var caseId = await harness.CreateCaseAsync("oncology", $"Is prostatectomy necessary for {Marker}?", $"Patient {Marker}. Adenocarcinoma of the prostate, Gleason 3 + 4. Plan: radical prostatectomy.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.ReviewUntilCompletedAsync(caseId);

        var mine = spans.Where(s => Equals(s.GetTagItem("secondopinion.case_id"), caseId)).ToList();
        var steps = mine.Select(s => s.DisplayName).ToHashSet();
        foreach (var step in new[] { nameof(AnnounceActivity), nameof(AdvanceStageActivity), nameof(Core.Records.ExtractDocumentActivity), nameof(Core.Triage.TriageCaseActivity),
                     nameof(Core.Matching.MatchPanelActivity), nameof(Core.Review.OfferAssignmentActivity), nameof(Core.Review.BuildConsensusActivity), nameof(Core.SignOff.DraftReportActivity), nameof(Core.SignOff.SignReportActivity) })
            Assert.Contains(step, steps);
        Assert.All(mine, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        foreach (var span in mine)
            Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains("Quartermaine", StringComparison.Ordinal) == true);

        Assert.Contains(measurements, m => m.Instrument == "secondopinion.case.stage_entered" && m.Tags == "stage=review");
        Assert.Contains(measurements, m => m.Instrument == "secondopinion.case.stage_duration" && m.Tags == "stage=records");
        Assert.DoesNotContain(measurements, m => m.Tags.Contains("Quartermaine", StringComparison.Ordinal));
    }
}
