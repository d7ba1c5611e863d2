using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.FollowUp;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Hosting.Settings;

namespace SecondOpinion.Hosting.Durable;

/// <summary>
/// Holds the durable client for the current request. The local host has one client in DI; a
/// Functions invocation gets its client from the <c>[DurableClient]</c> binding and puts it here.
/// </summary>
public sealed class DurableClientSlot(IServiceProvider services)
{
    private DurableTaskClient? client;

    public DurableTaskClient Client
    {
        get => client ??= services.GetService<DurableTaskClient>()
            ?? throw new InvalidOperationException("No durable client: bind [DurableClient] in the trigger and set DurableClientSlot.Client.");
        set => client = value;
    }
}

/// <summary>Starts each case once, on the configured workflow version, and raises its events.</summary>
public sealed class DurableCaseWorkflowClient(DurableClientSlot slot, WorkflowSettings workflow) : ICaseWorkflowClient
{
    public async Task StartAsync(CaseWorkflowInput input, CancellationToken ct = default)
    {
        var instanceId = CaseInstance.IdFor(input.CaseId);
        var existing = await slot.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct);
        if (existing is not null) return;
        try
        {
            await slot.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), input, new StartOrchestrationOptions(instanceId) { Version = workflow.Version }, ct);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
            // Started concurrently by a retry of the same request: one orchestration per case.
        }
    }

    public Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default) =>
        slot.Client.RaiseEventAsync(CaseInstance.IdFor(caseId), eventName, payload, ct);

    public async Task StartFollowUpAsync(FollowUpInput input, CancellationToken ct = default)
    {
        var instanceId = FollowUpInstance.IdFor(input.CaseId, input.QuestionId);
        if (await slot.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct) is not null) return;
        try
        {
            await slot.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FollowUpOrchestrator), input, new StartOrchestrationOptions(instanceId) { Version = workflow.Version }, ct);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
        }
    }

    public Task RaiseFollowUpEventAsync<T>(string caseId, string questionId, string eventName, T payload, CancellationToken ct = default) =>
        slot.Client.RaiseEventAsync(FollowUpInstance.IdFor(caseId, questionId), eventName, payload, ct);

    private static bool IsAlreadyExists(Exception ex) =>
        ex.Message.Contains("AlreadyExists", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase);
}
