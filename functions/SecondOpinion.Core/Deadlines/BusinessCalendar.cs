using System.Text.Json.Serialization;

namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// The working days and hours of one jurisdiction in its own time zone: which days are weekend,
/// which dates are public holidays, and the local hours people work. Pure and immutable; every
/// method takes and returns instants (<see cref="DateTimeOffset"/>, returned in UTC) and counts in
/// local wall time, so a deadline keeps its local time across a daylight-saving change.
/// Serializable as it is (an orchestration input carries it, so replays count on the calendar the
/// case started with even if the configuration changes).
/// </summary>
public sealed class BusinessCalendar
{
    public const string UtcWeekdaysName = "utc-weekdays";

    /// <summary>The calendar of a jurisdiction nobody configured: UTC, Monday to Friday, 09:00–18:00, no holidays.</summary>
    public static BusinessCalendar UtcWeekdays { get; } =
        new(UtcWeekdaysName, "UTC", WorkingHours.NineToSix, [DayOfWeek.Saturday, DayOfWeek.Sunday], []);

    private readonly bool[] weekendDays = new bool[7];
    private readonly HashSet<DateOnly> holidays;

    /// <param name="name">The jurisdiction the calendar is for ("US", "JP", "US-CA") or <see cref="UtcWeekdaysName"/>.</param>
    /// <param name="timeZoneId">An IANA id such as "America/New_York" (see <see cref="IsKnownTimeZone"/>).</param>
    [JsonConstructor]
    public BusinessCalendar(string name, string timeZoneId, WorkingHours workingHours, IReadOnlyList<DayOfWeek> weekend, IReadOnlyList<DateOnly> holidays)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(workingHours);
        if (!TryFindTimeZone(timeZoneId, out var zone))
            throw new ArgumentException($"Time zone '{timeZoneId}' is not known on this machine: use an IANA id such as 'Asia/Tokyo'.", nameof(timeZoneId));
        Name = name;
        TimeZoneId = timeZoneId.Trim();
        TimeZone = zone;
        WorkingHours = workingHours;
        Weekend = weekend.Distinct().Order().ToList();
        foreach (var day in Weekend) weekendDays[(int)day] = true;
        if (Weekend.Count == 7) throw new ArgumentException("A calendar needs at least one working day a week.", nameof(weekend));
        this.holidays = holidays.ToHashSet();
        Holidays = this.holidays.Order().ToList();
    }

    public string Name { get; }
    public string TimeZoneId { get; }
    [JsonIgnore] public TimeZoneInfo TimeZone { get; }
    public WorkingHours WorkingHours { get; }
    public IReadOnlyList<DayOfWeek> Weekend { get; }
    /// <summary>Every holiday the calendar knows, in order; a year outside them counts weekends only.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    public static bool IsKnownTimeZone(string? timeZoneId) => TryFindTimeZone(timeZoneId, out _);

    /// <summary>The same days and hours, counted in another zone (a reviewer's own, say).</summary>
    public BusinessCalendar InTimeZone(string timeZoneId) => new(Name, timeZoneId, WorkingHours, Weekend, Holidays);

    public bool IsBusinessDay(DateOnly date) => !weekendDays[(int)date.DayOfWeek] && !holidays.Contains(date);

    /// <summary>The calendar date in this calendar's zone at <paramref name="instant"/>.</summary>
    public DateOnly LocalDateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>True within the working hours (both ends included) of a business day.</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var date = LocalDateOf(instant);
        if (!IsBusinessDay(date)) return false;
        var (open, close) = WorkingIntervalOf(date);
        return instant >= open && instant <= close;
    }

    /// <summary>
    /// <paramref name="days"/> business days after <paramref name="start"/> at the same local time of
    /// day. A start on a weekend or holiday counts from the next business day at that time, so zero
    /// days from a Saturday is Monday.
    /// </summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var local = TimeZoneInfo.ConvertTime(start, TimeZone).DateTime;
        var startDate = DateOnly.FromDateTime(local);
        var date = startDate;
        while (!IsBusinessDay(date)) date = date.AddDays(1);
        for (var added = 0; added < days;)
        {
            date = date.AddDays(1);
            if (IsBusinessDay(date)) added++;
        }
        return date == startDate ? start.ToUniversalTime() : ToInstant(date, TimeOnly.FromDateTime(local));
    }

    /// <summary>
    /// The instant when <paramref name="duration"/> of working time has passed after
    /// <paramref name="start"/>: only the working hours of business days count (Friday 20:00 plus
    /// 8 working hours at 09:00–18:00 is Monday 17:00). A result exactly at the close of a day stays
    /// there; a zero duration returns the start, wherever it is.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var cursor = start.ToUniversalTime();
        if (duration == TimeSpan.Zero) return cursor;
        var remaining = duration;
        for (var date = LocalDateOf(cursor); ; date = date.AddDays(1))
        {
            if (!IsBusinessDay(date)) continue;
            var (open, close) = WorkingIntervalOf(date);
            if (cursor < open) cursor = open;
            if (cursor >= close) continue;
            var available = close - cursor;
            if (remaining <= available) return cursor + remaining;
            remaining -= available;
            cursor = close;
        }
    }

    /// <summary>The working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from) return total;
        for (var date = LocalDateOf(from); date <= LocalDateOf(to); date = date.AddDays(1))
        {
            if (!IsBusinessDay(date)) continue;
            var (open, close) = WorkingIntervalOf(date);
            var overlap = (close < to ? close : to) - (open > from ? open : from);
            if (overlap > TimeSpan.Zero) total += overlap;
        }
        return total;
    }

    /// <summary>The opening and closing instants of <paramref name="date"/>'s working hours (a business day or not).</summary>
    public (DateTimeOffset Open, DateTimeOffset Close) WorkingIntervalOf(DateOnly date) =>
        (ToInstant(date, WorkingHours.Start), ToInstant(date, WorkingHours.End));

    /// <summary>
    /// A local wall time as an instant. A time skipped by a spring-forward change moves on by the gap
    /// (02:30 becomes 03:30); a time that occurs twice in a fall-back change is its first occurrence.
    /// </summary>
    private DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var offset = TimeZone.IsInvalidTime(local) ? TimeZone.GetUtcOffset(local.AddDays(-1))
            : TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max()
            : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static bool TryFindTimeZone(string? timeZoneId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(timeZoneId)) return false;
        var id = timeZoneId.Trim();
        if (id is "UTC" or "Etc/UTC") return true;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    public override string ToString() => $"{Name} ({TimeZoneId}, {WorkingHours})";
}
