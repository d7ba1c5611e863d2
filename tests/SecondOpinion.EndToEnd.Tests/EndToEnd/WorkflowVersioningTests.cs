using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// A case started on orchestration 1.0 (no case.created step, no sign-off) finishes after the current
/// version is deployed: the durable engine replays its 1.0 history on the new code, and the steps
/// added since (case.created in 2.0, the director's sign-off in 3.0) are taken only by cases started on them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkflowVersioningTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task a_case_started_on_the_old_version_completes_after_the_new_version_is_deployed()
    {
        await using var host = new LocalHostRunner(azurite, new Dictionary<string, string?> { ["Workflow:Version"] = CaseWorkflowVersions.V1 });
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-versions", Roles.Patient);
        var old = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        var client = host.Host!.Services.GetRequiredService<DurableTaskClient>();
        // Its orchestration has run its first episode on 1.0 and waits at intake.
        while ((await client.GetInstanceAsync(CaseInstance.IdFor(old)))?.RuntimeStatus != OrchestrationRuntimeStatus.Running) await Task.Delay(100);
        await Task.Delay(500);

        // The redeploy: the same task hub and store, the new version's worker and client.
        await host.StopAsync();
        host.Settings.Remove("Workflow:Version");
        await host.StartAsync();
        patient = await host.TokenAsync("patient-versions", Roles.Patient);
        var current = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        foreach (var caseId in new[] { old, current })
            await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, expect: 202);

        var tokens = new Dictionary<string, string>();
        foreach (var caseId in new[] { old, current })
        {
            await CaseJourneyTests.WaitForStageAsync(host, caseId, patient, "completed", () => CaseJourneyTests.ReviewOnceAsync(host, caseId, tokens));
            await CaseJourneyTests.WaitForWorkflowAsync(host, caseId);
        }

        // Each instance kept the version it started with.
        var instances = new TableServiceClient(azurite.ConnectionString).GetTableClient($"{host.TaskHub}Instances");
        string VersionOf(string caseId) => instances.GetEntity<TableEntity>(CaseInstance.IdFor(caseId), "").Value.GetString("Version");
        Assert.Equal(CaseWorkflowVersions.V1, VersionOf(old));
        Assert.Equal(CaseWorkflowVersions.Current, VersionOf(current));
        client = host.Host!.Services.GetRequiredService<DurableTaskClient>();
        foreach (var caseId in new[] { old, current })
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync(CaseInstance.IdFor(caseId)))!.RuntimeStatus);

        // The step 2.0 added ran for the 2.0 case only; both announced their report.
        var queue = new CaseEventQueue(azurite.ConnectionString, $"events-{host.TaskHub}");
        await queue.DrainAsync();
        Assert.DoesNotContain(queue.Delivered(old), e => e.Type == EventTypes.CaseCreated);
        Assert.Single(queue.Delivered(current), e => e.Type == EventTypes.CaseCreated);
        Assert.Single(queue.Delivered(old), e => e.Type == EventTypes.ReportReady);
        Assert.Single(queue.Delivered(current), e => e.Type == EventTypes.ReportReady);

        // The 1.0 case finished on its own path; the current one waited for the medical director's signature.
        var cases = host.Host!.Services.GetRequiredService<ICaseRepository>();
        Assert.Empty((await cases.GetAsync(old)).ReportVersions);
        Assert.Single((await cases.GetAsync(current)).ReportVersions);
    }
}
