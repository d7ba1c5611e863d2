namespace SecondOpinion.Core.Workflow;

/// <summary>Starts case orchestrations and raises events into them; the durable client of whichever host runs.</summary>
public interface ICaseWorkflowClient
{
    /// <summary>Starts the case's orchestration; a second start for the same case is a no-op.</summary>
    Task StartAsync(CaseWorkflowInput input, CancellationToken ct = default);

    Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default);

    /// <summary>Starts the orchestration of one follow-up question; a second start is a no-op.</summary>
    Task StartFollowUpAsync(FollowUp.FollowUpInput input, CancellationToken ct = default);

    Task RaiseFollowUpEventAsync<T>(string caseId, string questionId, string eventName, T payload, CancellationToken ct = default);
}
