using CloudNative.CloudEvents;
using SecondOpinion.Core.Common;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// Integration events are published by workflow steps with ids fixed by the step: a broker that fails
/// loses nothing (the step is retried) and a retry doubles nothing (same id), across a host restart too.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task every_event_arrives_once_and_in_order_when_each_type_fails_once_and_the_host_restarts()
    {
        var failures = new List<string>();
        await using var host = new LocalHostRunner(azurite, configure: b => b.Services.Decorate<IEventPublisher>((_, real) =>
        {
            // A new one per start: after the restart every type fails once again.
            var flaky = new FailingOncePerTypePublisher(real);
            lock (failures) failures.Add("started");
            return new RecordingFailures(flaky, failures);
        }));
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-events", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, patient);
        var tokens = new Dictionary<string, string>();

        // Every seat but seat-1 answers; then the host stops while the case waits for seat-1.
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens, skipOpinion: seat => seat == "seat-1");
            var view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient);
            var seats = view.GetProperty("panel").EnumerateArray().ToList();
            if (seats.Count > 0 && seats.All(s => s.GetProperty("status").GetString() == (s.GetProperty("seatId").GetString() == "seat-1" ? "accepted" : "completed")))
                break;
            Assert.True(DateTime.UtcNow < until, "the panel did not reach the waiting state");
            await Task.Delay(200);
        }
        await host.StopAsync();
        await host.StartAsync();
        await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens));
        // The report is announced by the step after it: wait for the orchestration itself to finish.
        await CaseJourneyTests.WaitForWorkflowAsync(host, caseId);
        await Task.Delay(1500); // a late duplicate would arrive now

        var queue = new CaseEventQueue(azurite.ConnectionString, $"events-{host.TaskHub}");
        await queue.DrainAsync();
        var received = queue.Received.Where(e => e.Subject == caseId).ToList();
        var delivered = queue.Delivered(caseId);

        // The broker refused the first event of each type, in each run, and those events still arrived.
        lock (failures) Assert.True(failures.Count(f => f != "started") >= 5, string.Join(", ", failures));
        var lost = failures.Where(f => f != "started" && f.Contains(caseId, StringComparison.Ordinal)).Where(f => delivered.All(e => e.Id != f)).ToList();
        Assert.True(lost.Count == 0, $"refused and never delivered: {string.Join(", ", lost)}; delivered: {string.Join(", ", delivered.Select(e => e.Id))}");
        // A repeat only ever carries an id already seen, with the same content.
        foreach (var repeat in received.GroupBy(e => e.Id).Where(g => g.Count() > 1))
            Assert.Single(repeat.Select(e => (e.Type, e.Time, Data: SecondOpinionJson.Serialize(e.Data))).Distinct());

        string Stage(CloudEvent e) => e.Type == EventTypes.CaseStageChanged ? ((System.Text.Json.JsonElement)e.Data!).GetProperty("stage").GetString()! : "";
        var milestones = delivered.Where(e => e.Type is EventTypes.CaseCreated or EventTypes.CaseStageChanged or EventTypes.ReportReady)
            .Select(e => e.Type == EventTypes.CaseStageChanged ? $"stage:{Stage(e)}" : e.Type).ToList();
        Assert.Equal([EventTypes.CaseCreated, "stage:records", "stage:triage", "stage:matching", "stage:review", "stage:consensus", "stage:report", "stage:sign-off", "stage:completed", EventTypes.ReportReady], milestones);
        var offers = delivered.Where(e => e.Type == EventTypes.AssignmentOffered).ToList();
        Assert.Equal(offers.Count, offers.Select(o => o.Id).Distinct().Count());
        Assert.True(offers.Count >= 2);
        // Offers come after the review stage began and before consensus.
        Assert.All(offers, o => Assert.InRange(delivered.ToList().IndexOf(o),
            delivered.ToList().FindIndex(e => Stage(e) == "review"), delivered.ToList().FindIndex(e => Stage(e) == "consensus")));
        Assert.All(delivered, e =>
        {
            Assert.Equal(CloudEventsSpecVersion.V1_0, e.SpecVersion);
            Assert.Equal(new Uri("urn:secondopinion:local"), e.Source);
            Assert.StartsWith($"case-{caseId}:", e.Id, StringComparison.Ordinal);
            Assert.NotNull(e.Time);
        });
    }

    /// <summary>Notes the id of every event the flaky broker refused.</summary>
    private sealed class RecordingFailures(FailingOncePerTypePublisher inner, List<string> failures) : IEventPublisher
    {
        public async Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
        {
            try
            {
                await inner.PublishAsync(integrationEvent, ct);
            }
            catch (IOException)
            {
                lock (failures) failures.Add(integrationEvent.Id);
                throw;
            }
        }
    }
}
