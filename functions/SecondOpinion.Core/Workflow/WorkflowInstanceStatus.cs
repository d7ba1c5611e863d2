namespace SecondOpinion.Core.Workflow;

/// <summary>The durable engine's runtime status of an orchestration, in the engine-neutral words operations read.</summary>
public enum WorkflowRuntimeStatus { Pending, Running, Suspended, Completed, Failed, Terminated, ContinuedAsNew, Canceled }

/// <summary>Why an orchestration failed: the failure's type and message only (no stack trace, no inner details).</summary>
public sealed record WorkflowFailure(string ErrorType, string Message)
{
    public const int MaxMessageLength = 300;

    /// <summary>
    /// The engine's failure, kept to what operations need. A failed step's message quotes the step's
    /// own exception message, which can quote a record (a parser's complaint): for those only the
    /// step and its exception type are kept. Other messages are the workflow's own (ids only), cut
    /// to <see cref="MaxMessageLength"/> characters on one line.
    /// </summary>
    public static WorkflowFailure From(Microsoft.DurableTask.TaskFailureDetails failure)
    {
        var message = failure.ErrorMessage ?? "";
        if (failure.ErrorType.EndsWith("TaskFailedException", StringComparison.Ordinal))
        {
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            var step = colon >= 0 ? message[..colon] : "A workflow step failed";
            message = failure.InnerFailure?.ErrorType is { } inner ? $"{step}: {inner}" : step;
        }
        var oneLine = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new WorkflowFailure(failure.ErrorType, oneLine.Length <= MaxMessageLength ? oneLine : oneLine[..(MaxMessageLength - 1)] + "…");
    }
}

/// <summary>
/// An orchestration as the engine reports it. <see cref="Version"/> is the workflow version it
/// started on (null when the engine does not say); <see cref="Progress"/> its custom status.
/// </summary>
public sealed record WorkflowInstanceStatus(
    string InstanceId,
    WorkflowRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Version,
    CaseProgress? Progress,
    WorkflowFailure? Failure)
{
    /// <summary>Completed, failed or terminated: the engine will not run it again.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => RuntimeStatus is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled;
}
