using SecondOpinion.Core.Deadlines;
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
    /// <summary>The instance tag naming the version it started on: the client's metadata has no version of its own.</summary>
    public const string VersionTag = "workflowVersion";

    public Task StartAsync(CaseWorkflowInput input, CancellationToken ct = default) =>
        ScheduleOnceAsync(nameof(CaseOrchestrator), CaseInstance.IdFor(input.CaseId), input, workflow.Version, ct);

    /// <summary>Starts the instance unless it exists: a retried request, or one racing it, starts nothing more.</summary>
    private async Task ScheduleOnceAsync<T>(string orchestrator, string instanceId, T input, string version, CancellationToken ct)
    {
        if (await slot.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct) is not null) return;
        try
        {
            await slot.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, StartOptions(instanceId, version), ct);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
        }
    }

    private static StartOrchestrationOptions StartOptions(string instanceId, string version) =>
        new(instanceId) { Version = version, Tags = new Dictionary<string, string> { [VersionTag] = version } };

    public Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default) =>
        slot.Client.RaiseEventAsync(CaseInstance.IdFor(caseId), eventName, payload, ct);

    public Task StartFollowUpAsync(FollowUpInput input, CancellationToken ct = default) =>
        ScheduleOnceAsync(nameof(FollowUpOrchestrator), FollowUpInstance.IdFor(input.CaseId, input.QuestionId), input, workflow.Version, ct);

    public Task RaiseFollowUpEventAsync<T>(string caseId, string questionId, string eventName, T payload, CancellationToken ct = default) =>
        slot.Client.RaiseEventAsync(FollowUpInstance.IdFor(caseId, questionId), eventName, payload, ct);
    public async Task<WorkflowInstanceStatus?> GetStatusAsync(string caseId, CancellationToken ct = default)
    {
        var instanceId = CaseInstance.IdFor(caseId);
        var state = await slot.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        if (state is null) return null;
        return new WorkflowInstanceStatus(
            instanceId,
            Enum.TryParse<WorkflowRuntimeStatus>(state.RuntimeStatus.ToString(), out var status) ? status : WorkflowRuntimeStatus.Running,
            state.CreatedAt,
            state.LastUpdatedAt,
            state.Tags is { } tags && tags.TryGetValue(VersionTag, out var tagged) ? tagged : await StartedVersionAsync(instanceId, ct),
            state.SerializedCustomStatus is null ? null : state.ReadCustomStatusAs<CaseProgress>(),
            state.FailureDetails is { } failure ? WorkflowFailure.From(failure) : null);
    }

    /// <summary>
    /// For an instance started before it was tagged: the version from its first history event. Best
    /// effort: a backend that cannot stream history gives null, not a failed read.
    /// </summary>
    private async Task<string?> StartedVersionAsync(string instanceId, CancellationToken ct)
    {
        try
        {
            var history = await slot.Client.GetOrchestrationHistoryAsync(instanceId, ct);
            return history.OfType<DurableTask.Core.History.ExecutionStartedEvent>().FirstOrDefault() is { } started
                ? string.IsNullOrEmpty(started.Version) ? CaseWorkflowVersions.V1 : started.Version
                : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task SuspendAsync(string caseId, string reason, CancellationToken ct = default) =>
        slot.Client.SuspendInstanceAsync(CaseInstance.IdFor(caseId), reason, ct);

    public Task ResumeAsync(string caseId, string reason, CancellationToken ct = default) =>
        slot.Client.ResumeInstanceAsync(CaseInstance.IdFor(caseId), reason, ct);

    /// <summary>
    /// Stops the instance if it still runs, purges it and starts it again under the same id with the
    /// same input and version. Done by hand rather than with the client's restart, which drops the
    /// instance's tags (and the local sidecar then cannot read the instance at all).
    /// </summary>
    public async Task RestartAsync(string caseId, ServiceTier tier, CancellationToken ct = default)
    {
        var instanceId = CaseInstance.IdFor(caseId);
        var state = await slot.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct)
            ?? throw new InvalidOperationException($"Case {caseId} has no workflow to restart.");
        var input = state.ReadInputAs<CaseWorkflowInput>() ?? throw new InvalidOperationException($"The workflow of case {caseId} has no input to restart from.");
        var version = state.Tags is { } tags && tags.TryGetValue(VersionTag, out var tagged) ? tagged : await StartedVersionAsync(instanceId, ct) ?? workflow.Version;
        if (state.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Pending)
        {
            await slot.Client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions("Restarted by operations.", false), ct);
            await slot.Client.WaitForInstanceCompletionAsync(instanceId, ct);
        }
        await slot.Client.PurgeInstanceAsync(instanceId, cancellation: ct);
        await slot.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CaseOrchestrator), input with { Tier = tier }, StartOptions(instanceId, version), ct);
    }

    public Task TerminateAsync(string caseId, CaseWorkflowResult output, CancellationToken ct = default) =>
        slot.Client.TerminateInstanceAsync(CaseInstance.IdFor(caseId), new TerminateInstanceOptions(output, false), ct);

    private static bool IsAlreadyExists(Exception ex) =>
        ex.Message.Contains("AlreadyExists", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase);
}
