namespace SecondOpinion.Core.Workflow;

/// <summary>Starts case orchestrations, raises events into them, and lets operations look at and control them; the durable client of whichever host runs.</summary>
public interface ICaseWorkflowClient
{
    /// <summary>Starts the case's orchestration; a second start for the same case is a no-op.</summary>
    Task StartAsync(CaseWorkflowInput input, CancellationToken ct = default);

    Task RaiseEventAsync<T>(string caseId, string eventName, T payload, CancellationToken ct = default);

    /// <summary>Starts the orchestration of one follow-up question; a second start is a no-op.</summary>
    Task StartFollowUpAsync(FollowUp.FollowUpInput input, CancellationToken ct = default);

    Task RaiseFollowUpEventAsync<T>(string caseId, string questionId, string eventName, T payload, CancellationToken ct = default);
    /// <summary>The orchestration's runtime status, or null when the case has none.</summary>
    Task<WorkflowInstanceStatus?> GetStatusAsync(string caseId, CancellationToken ct = default);

    /// <summary>Asks the engine to suspend the orchestration: its timers and events wait until it is resumed.</summary>
    /// <param name="reason">Lands in task-hub history: fixed text, never what a person typed.</param>
    Task SuspendAsync(string caseId, string reason, CancellationToken ct = default);

    /// <inheritdoc cref="SuspendAsync"/>
    Task ResumeAsync(string caseId, string reason, CancellationToken ct = default);

    /// <summary>Starts the case's orchestration again from its input (a running one is stopped first); returns once it runs again.</summary>
    /// <param name="tier">The case's tier now (the director may have raised it since the start).</param>
    Task RestartAsync(string caseId, Deadlines.ServiceTier tier, CancellationToken ct = default);

    /// <summary>Asks the engine to stop the orchestration for good; <paramref name="output"/> becomes its result.</summary>
    Task TerminateAsync(string caseId, CaseWorkflowResult output, CancellationToken ct = default);
}
