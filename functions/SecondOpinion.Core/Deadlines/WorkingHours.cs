using System.Globalization;

namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// The local hours of a business day when people work, e.g. 09:00–18:00. Within one day only:
/// <see cref="Start"/> is before <see cref="End"/> (no shifts past midnight).
/// </summary>
public sealed record WorkingHours
{
    public static WorkingHours NineToSix { get; } = new(new TimeOnly(9, 0), new TimeOnly(18, 0));

    public WorkingHours(TimeOnly start, TimeOnly end)
    {
        if (start >= end) throw new ArgumentException($"Working hours must start before they end ({Format(start)}-{Format(end)}).", nameof(end));
        Start = start;
        End = end;
    }

    public TimeOnly Start { get; }
    public TimeOnly End { get; }

    public TimeSpan Length => End - Start;

    public bool Contains(TimeOnly time) => time >= Start && time <= End;

    /// <summary>Parses "HH:mm-HH:mm" (the form the <c>Calendars</c> settings use).</summary>
    public static bool TryParse(string? value, out WorkingHours hours)
    {
        hours = NineToSix;
        var parts = value?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not [var from, var to]
            || !TimeOnly.TryParseExact(from, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(to, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start >= end)
            return false;
        hours = new WorkingHours(start, end);
        return true;
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
