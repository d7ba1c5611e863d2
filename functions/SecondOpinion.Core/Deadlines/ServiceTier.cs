namespace SecondOpinion.Core.Deadlines;

public enum ServiceTier { Standard, Expedited, Urgent }

public static class ServiceTiers
{
    public static bool TryParse(string? value, out ServiceTier tier)
    {
        return Common.EnumNames.TryParse(value, out tier);
    }

    /// <summary>The tier triage's urgency calls for.</summary>
    public static ServiceTier For(Triage.Urgency urgency) => urgency switch
    {
        Triage.Urgency.Urgent => ServiceTier.Urgent,
        Triage.Urgency.Expedited => ServiceTier.Expedited,
        _ => ServiceTier.Standard,
    };

    /// <summary>Whether <paramref name="tier"/> promises the report sooner than <paramref name="than"/>.</summary>
    public static bool IsFaster(ServiceTier tier, ServiceTier than) => (int)tier > (int)than;
}

/// <summary>
/// Case SLA on a business-day calendar. Standard 5 business days beats the 5–10 day promises of the
/// services we compete with; expedited 2 business days; urgent 24 calendar hours. Counted on the
/// patient's jurisdiction's calendar (<see cref="BusinessCalendars.For"/>); without one, on
/// <see cref="BusinessCalendar.UtcWeekdays"/> (Mon–Fri, UTC, no holidays).
/// </summary>
public static class SlaCalendar
{
    public static DateTimeOffset DueAt(ServiceTier tier, DateTimeOffset start) => DueAt(tier, start, BusinessCalendar.UtcWeekdays);

    public static DateTimeOffset DueAt(ServiceTier tier, DateTimeOffset start, BusinessCalendar calendar) => tier switch
    {
        ServiceTier.Urgent => start.ToUniversalTime().AddHours(24),
        ServiceTier.Expedited => calendar.AddBusinessDays(start, 2),
        _ => calendar.AddBusinessDays(start, 5),
    };

    /// <summary>Business days on <see cref="BusinessCalendar.UtcWeekdays"/>; a weekend start counts from Monday at the same time of day.</summary>
    public static DateTimeOffset AddBusinessDays(DateTimeOffset start, int days) => BusinessCalendar.UtcWeekdays.AddBusinessDays(start, Math.Max(0, days));

    public static bool IsWeekend(DateTimeOffset t) => t.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
