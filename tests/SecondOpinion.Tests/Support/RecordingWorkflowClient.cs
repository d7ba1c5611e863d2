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

    public Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default)
    {
        Raised.Enqueue((caseId, eventName));
        return Task.CompletedTask;
    }
}
