namespace SecondOpinion.Core.Deadlines;

/// <summary>How a person's window is counted: in the working hours of their calendar, or as elapsed time.</summary>
public enum HumanWindowMode { WorkingHours, Elapsed }

/// <summary>
/// When a window given to a person (an offer to accept, an opinion to write, intake to finish) ends.
/// Pure: the orchestration calls it with its own clock's start, so replays get the same instants.
/// </summary>
public sealed record HumanWindowPolicy
{
    /// <summary>
    /// A window cut short by the case SLA still lasts 1 % of its length: a timer at or before its
    /// start would fire at once and turn an answer that is still possible into an escalation race.
    /// </summary>
    public const double DefaultMinimumFraction = 0.01;

    public HumanWindowMode Mode { get; init; } = HumanWindowMode.WorkingHours;
    public double MinimumFraction { get; init; } = DefaultMinimumFraction;

    /// <summary>
    /// The end of a <paramref name="window"/> that opens at <paramref name="start"/>, and its reminder.
    /// In <see cref="HumanWindowMode.WorkingHours"/> only the working hours of <paramref name="calendar"/>
    /// count (8 hours offered on a Friday evening end on Monday afternoon); in
    /// <see cref="HumanWindowMode.Elapsed"/> the window is plain elapsed time. Either way it never ends
    /// after <paramref name="caseDueAt"/> (null before the SLA is set, at intake), and never before
    /// <see cref="MinimumFraction"/> of the window has elapsed; <see cref="HumanWindowDeadline.Limit"/> says which applied.
    /// </summary>
    /// <param name="reminderDelay">When the reminder is due, as the same kind of time (<see cref="DeadlinePolicy.ReminderDelay"/>).</param>
    public HumanWindowDeadline Deadline(DateTimeOffset start, TimeSpan window, TimeSpan reminderDelay, BusinessCalendar calendar, DateTimeOffset? caseDueAt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(reminderDelay, TimeSpan.Zero);
        start = start.ToUniversalTime();
        var uncapped = Advance(start, window, calendar);
        var minimum = start + window * Math.Clamp(MinimumFraction, 0, 1);
        var (due, limit) = caseDueAt switch
        {
            { } sla when sla < minimum => (minimum, HumanWindowLimit.CaseSlaPassed),
            { } sla when sla < uncapped => (sla.ToUniversalTime(), HumanWindowLimit.CappedAtCaseSla),
            _ => (uncapped, HumanWindowLimit.None),
        };
        var remind = Advance(start, reminderDelay, calendar);
        if (limit != HumanWindowLimit.None && window > TimeSpan.Zero)
        {
            // A shortened window keeps its reminder at the same share of what is left of it: of the
            // working time left when counting working hours, unless none is left before the cut.
            var share = Math.Clamp(reminderDelay / window, 0, 1);
            var left = Mode == HumanWindowMode.WorkingHours && limit == HumanWindowLimit.CappedAtCaseSla ? calendar.WorkingTimeBetween(start, due) : TimeSpan.Zero;
            remind = left > TimeSpan.Zero ? Advance(start, left * share, calendar) : start + (due - start) * share;
        }
        return new HumanWindowDeadline(start, Min(remind, due), due, uncapped, limit);
    }

    public static bool TryParseMode(string? value, out HumanWindowMode mode)
    {
        var name = value?.Replace("-", "", StringComparison.Ordinal);
        return Common.EnumNames.TryParse(name, out mode);
    }

    private DateTimeOffset Advance(DateTimeOffset start, TimeSpan duration, BusinessCalendar calendar) =>
        Mode == HumanWindowMode.WorkingHours ? calendar.AddWorkingTime(start, duration) : start + duration;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
