using System.Collections.Concurrent;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Tests.Support;

/// <summary>Records what application services ask of the durable engine.</summary>
public sealed class RecordingWorkflowClient : ICaseWorkflowClient
{
    public ConcurrentQueue<CaseWorkflowInput> Started { get; } = new();
    public ConcurrentQueue<(string CaseId, string EventName)> Raised { get; } = new();

    public int StartCalls;

    public Task StartAsync(CaseWorkflowInput input, CancellationToken ct = default)
    {
        Interlocked.Increment(ref StartCalls);
        if (!Started.Any(s => s.CaseId == input.CaseId)) Started.Enqueue(input);
        return Task.CompletedTask;
    }

    /// <summary>Makes the next raise fail, as a lost connection to the task hub would.</summary>
    public bool FailNextRaise { get; set; }

    public Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default)
    {
        if (FailNextRaise)
        {
            FailNextRaise = false;
            throw new IOException("task hub unreachable");
        }
        Raised.Enqueue((caseId, eventName));
        return Task.CompletedTask;
    }

    public ConcurrentQueue<Core.FollowUp.FollowUpInput> FollowUpsStarted { get; } = new();

    public Task StartFollowUpAsync(Core.FollowUp.FollowUpInput input, CancellationToken ct = default)
    {
        FollowUpsStarted.Enqueue(input);
        return Task.CompletedTask;
    }

    public Task RaiseFollowUpEventAsync<T>(string caseId, string questionId, string eventName, T payload, CancellationToken ct = default)
    {
        Raised.Enqueue((caseId, $"{questionId}:{eventName}"));
        return Task.CompletedTask;
    }

    /// <summary>Suspend, resume and terminate as asked, in order ("suspend", "resume", "terminate").</summary>
    public ConcurrentQueue<(string CaseId, string Action)> Controlled { get; } = new();

    public Task<WorkflowInstanceStatus?> GetStatusAsync(string caseId, CancellationToken ct = default) =>
        Task.FromResult<WorkflowInstanceStatus?>(Started.Any(s => s.CaseId == caseId)
            ? new WorkflowInstanceStatus(CaseInstance.IdFor(caseId), WorkflowRuntimeStatus.Running, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, CaseWorkflowVersions.Current, null, null)
            : null);

    public Task SuspendAsync(string caseId, string reason, CancellationToken ct = default) => Control(caseId, "suspend");

    public Task ResumeAsync(string caseId, string reason, CancellationToken ct = default) => Control(caseId, "resume");

    public Task TerminateAsync(string caseId, CaseWorkflowResult output, CancellationToken ct = default) => Control(caseId, "terminate");

    public Task RestartAsync(string caseId, Core.Deadlines.ServiceTier tier, CancellationToken ct = default) => Control(caseId, "restart");

    private Task Control(string caseId, string action)
    {
        Controlled.Enqueue((caseId, action));
        return Task.CompletedTask;
    }
}
