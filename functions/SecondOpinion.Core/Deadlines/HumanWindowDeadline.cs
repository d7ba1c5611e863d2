namespace SecondOpinion.Core.Deadlines;

/// <summary>Why a person's window ends when it does.</summary>
public enum HumanWindowLimit
{
    /// <summary>The full window.</summary>
    None,
    /// <summary>Cut to the case's SLA due time: the window would have ended after it.</summary>
    CappedAtCaseSla,
    /// <summary>The case SLA is already (nearly) past: the window is the minimum share of its length.</summary>
    CaseSlaPassed,
}

/// <param name="UncappedDueAt">When the window would have ended without the case SLA.</param>
public sealed record HumanWindowDeadline(DateTimeOffset Start, DateTimeOffset RemindAt, DateTimeOffset DueAt, DateTimeOffset UncappedDueAt, HumanWindowLimit Limit)
{
    public bool Capped => Limit != HumanWindowLimit.None;
}
