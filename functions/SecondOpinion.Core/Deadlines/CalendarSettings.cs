namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// Section <c>Calendars</c>: business calendars per jurisdiction and how human windows are counted.
/// Nothing configured: US (America/New_York, federal holidays) and JP (Asia/Tokyo, national
/// holidays) at 09:00–18:00, Saturday and Sunday off; any other jurisdiction on
/// <see cref="BusinessCalendar.UtcWeekdays"/>; windows counted in working hours.
/// </summary>
public sealed record CalendarSettings
{
    public const string Section = "Calendars";

    /// <summary>"working-hours" (a window counts only working time) or "elapsed" (demos and tests with windows of seconds).</summary>
    public string HumanWindows { get; init; } = "working-hours";

    /// <summary>The shortest a window gets when the case SLA leaves less, as a fraction of the window.</summary>
    public double MinimumWindowFraction { get; init; } = HumanWindowPolicy.DefaultMinimumFraction;

    /// <summary>The jurisdiction whose calendar an unknown jurisdiction uses; unset: <see cref="BusinessCalendar.UtcWeekdays"/>.</summary>
    public string? Default { get; init; }

    /// <summary>The years holiday rules are computed for (outside them only weekends are off).</summary>
    public int HolidaysFrom { get; init; } = 2025;
    public int HolidaysThrough { get; init; } = 2035;

    public Dictionary<string, JurisdictionCalendarSettings> Jurisdictions { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What is wrong with these settings, each message naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems() => BusinessCalendars.Build(this).Problems;

    public HumanWindowPolicy ToHumanWindowPolicy() => new()
    {
        Mode = HumanWindowPolicy.TryParseMode(HumanWindows, out var mode) ? mode : throw new ArgumentException(Problems()[0]),
        MinimumFraction = MinimumWindowFraction,
    };
}
