namespace SecondOpinion.Portal.Shared;

/// <summary>How close a deadline is, for the clock's words and colour: pure, so it is unit-tested.</summary>
public enum ClockState { OnTrack, AtRisk, Breached, Done }

public static class DeadlineClock
{
    /// <summary>At risk in the last quarter of the window (the platform escalates at 75 % too), or within the last hour when the start is unknown.</summary>
    public static ClockState StateOf(DateTimeOffset now, DateTimeOffset due, DateTimeOffset? start = null)
    {
        if (now >= due) return ClockState.Breached;
        var left = due - now;
        if (start is { } s && due > s) return left <= (due - s) / 4 ? ClockState.AtRisk : ClockState.OnTrack;
        return left <= TimeSpan.FromHours(1) ? ClockState.AtRisk : ClockState.OnTrack;
    }

    /// <summary>"2 d 4 h", "3 h 05 min", "4 min 09 s": coarse when far, to the second when near.</summary>
    public static string Remaining(TimeSpan span)
    {
        var t = span.Duration();
        if (t.TotalDays >= 1) return $"{(int)t.TotalDays} d {t.Hours} h";
        if (t.TotalHours >= 1) return $"{(int)t.TotalHours} h {t.Minutes:00} min";
        return $"{t.Minutes} min {t.Seconds:00} s";
    }

    public static string CssClass(ClockState state) => state switch
    {
        ClockState.AtRisk => "clock at-risk",
        ClockState.Breached => "clock breached",
        ClockState.Done => "clock done",
        _ => "clock on-track",
    };
}
