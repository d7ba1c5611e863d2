namespace SecondOpinion.Core.Deadlines;

public enum ServiceTier { Standard, Expedited, Urgent }

public static class ServiceTiers
{
    public static bool TryParse(string? value, out ServiceTier tier)
    {
        return Common.EnumNames.TryParse(value, out tier);
    }
}

/// <summary>
/// Case SLA on a business-day calendar (Mon–Fri, UTC). Standard 5 business days beats the 5–10 day
/// promises of the services we compete with; expedited 2 business days; urgent 24 calendar hours.
/// </summary>
public static class SlaCalendar
{
    public static DateTimeOffset DueAt(ServiceTier tier, DateTimeOffset start) => tier switch
    {
        ServiceTier.Urgent => start.ToUniversalTime().AddHours(24),
        ServiceTier.Expedited => AddBusinessDays(start, 2),
        _ => AddBusinessDays(start, 5),
    };

    public static DateTimeOffset AddBusinessDays(DateTimeOffset start, int days)
    {
        var result = start.ToUniversalTime();
        // A request arriving on a weekend starts counting from Monday at the same time of day.
        while (IsWeekend(result)) result = result.AddDays(1);
        for (var added = 0; added < days;)
        {
            result = result.AddDays(1);
            if (!IsWeekend(result)) added++;
        }
        return result;
    }

    public static bool IsWeekend(DateTimeOffset t) => t.UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
