using System.Collections.Concurrent;

namespace SecondOpinion.Tests.Support;

/// <summary>
/// A clock whose timers fire at once and remember what they were asked to wait: a test checks the
/// waits an adapter requested (Retry-After, poll intervals) without spending them or timing them.
/// </summary>
public sealed class RecordingDelays : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Requested { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) Requested.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
