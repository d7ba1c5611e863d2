using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

/// <summary>
/// Laws of working time and business days that hold for every calendar, start and duration, checked
/// on generated cases (FsCheck prints the failing case and the seed to replay it).
/// </summary>
[Properties(Arbitrary = [typeof(CalendarCases)], MaxTest = 300)]
public sealed class BusinessCalendarProperties
{
    [Property]
    public bool working_time_ends_within_the_working_hours_of_a_business_day(Calendar calendar, Start start, Work work) =>
        work.Value == TimeSpan.Zero || calendar.Value.IsWorkingTime(calendar.Value.AddWorkingTime(start.Value, work.Value));

    [Property]
    public bool working_time_is_never_shorter_than_the_elapsed_time_it_covers(Calendar calendar, Start start, Work work) =>
        calendar.Value.AddWorkingTime(start.Value, work.Value) - start.Value >= work.Value;

    [Property]
    public bool more_working_time_never_ends_earlier(Calendar calendar, Start start, Work a, Work b)
    {
        var (shorter, longer) = a.Value <= b.Value ? (a.Value, b.Value) : (b.Value, a.Value);
        return calendar.Value.AddWorkingTime(start.Value, shorter) <= calendar.Value.AddWorkingTime(start.Value, longer);
    }

    [Property]
    public bool working_time_adds_up(Calendar calendar, Start start, Work a, Work b)
    {
        var c = calendar.Value;
        return c.AddWorkingTime(start.Value, a.Value + b.Value) == c.AddWorkingTime(c.AddWorkingTime(start.Value, a.Value), b.Value);
    }

    [Property]
    public bool the_working_time_between_the_start_and_the_end_is_the_duration(Calendar calendar, Start start, Work work) =>
        calendar.Value.WorkingTimeBetween(start.Value, calendar.Value.AddWorkingTime(start.Value, work.Value)) == work.Value;

    [Property]
    public bool business_days_land_on_a_business_day_at_the_same_local_time(Calendar calendar, Start start, Days days)
    {
        var c = calendar.Value;
        var due = c.AddBusinessDays(start.Value, days.Value);
        var startLocal = TimeZoneInfo.ConvertTime(start.Value, c.TimeZone).DateTime;
        var dueLocal = TimeZoneInfo.ConvertTime(due, c.TimeZone).DateTime;
        var dueDate = DateOnly.FromDateTime(dueLocal);
        var sameTime = dueLocal.TimeOfDay == startLocal.TimeOfDay
            || c.TimeZone.IsInvalidTime(dueDate.ToDateTime(TimeOnly.FromDateTime(startLocal))); // a skipped wall time moves on
        // Counting starts on the first business day at or after the start, which itself counts zero.
        var first = DateOnly.FromDateTime(startLocal);
        while (!c.IsBusinessDay(first)) first = first.AddDays(1);
        var counted = 0;
        for (var d = first.AddDays(1); d <= dueDate; d = d.AddDays(1))
            if (c.IsBusinessDay(d)) counted++;
        return c.IsBusinessDay(dueDate) && sameTime && due >= start.Value && counted == days.Value;
    }

    [Property]
    public bool a_human_window_ends_between_its_minimum_and_the_case_sla(Calendar calendar, Start start, Work window, Work untilSla, bool workingHours)
    {
        var policy = new HumanWindowPolicy { Mode = workingHours ? HumanWindowMode.WorkingHours : HumanWindowMode.Elapsed };
        var sla = start.Value + untilSla.Value - TimeSpan.FromHours(12);
        var deadline = policy.Deadline(start.Value, window.Value, window.Value / 2, calendar.Value, sla);
        var minimum = start.Value + window.Value * policy.MinimumFraction;
        return deadline.DueAt >= minimum
            && deadline.DueAt <= (sla > minimum ? sla : minimum)
            && deadline.DueAt <= deadline.UncappedDueAt
            && deadline.RemindAt >= start.Value && deadline.RemindAt <= deadline.DueAt
            && deadline.Capped == (deadline.DueAt < deadline.UncappedDueAt || deadline.Limit == HumanWindowLimit.CaseSlaPassed);
    }

    [Property]
    public bool us_federal_holidays_are_observed_on_weekdays(Year year) =>
        UsFederalHolidays.ObservedIn(year.Value).All(h => h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    [Property]
    public bool every_japanese_national_holiday_on_a_sunday_gets_one_substitute_on_a_weekday(Year year)
    {
        var holidays = JapaneseNationalHolidays.ObservedIn(year.Value);
        var substitutes = holidays.Where(h => h.Name.StartsWith("振替休日", StringComparison.Ordinal)).ToList();
        var sundays = holidays.Count(h => h.Date.DayOfWeek == DayOfWeek.Sunday && !h.Name.StartsWith("国民の休日", StringComparison.Ordinal));
        return substitutes.Count == sundays && substitutes.All(s => s.Date.DayOfWeek != DayOfWeek.Sunday);
    }
}

public sealed record Calendar(BusinessCalendar Value)
{
    public override string ToString() => Value.ToString();
}

public sealed record Start(DateTimeOffset Value)
{
    public override string ToString() => Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record Work(TimeSpan Value)
{
    public override string ToString() => Value.ToString();
}

public sealed record Days(int Value);

public sealed record Year(int Value);

public static class CalendarCases
{
    private static readonly DateTimeOffset Origin = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly BusinessCalendars Configured = BusinessCalendars.From(new CalendarSettings
    {
        Jurisdictions = new()
        {
            // A Friday–Saturday weekend and working hours that are not whole hours.
            ["IL"] = new() { TimeZone = "Asia/Jerusalem", Weekend = ["Friday", "Saturday"], WorkingHours = "08:15-16:45" },
            // Working hours that contain New York's skipped and repeated hours.
            ["XA"] = new() { TimeZone = "America/New_York", Weekend = ["Sunday"], WorkingHours = "00:30-23:30", ExtraHolidays = ["12-24"] },
        },
    });

    private static readonly BusinessCalendar[] Calendars =
        [Configured.For("US"), Configured.For("JP"), BusinessCalendar.UtcWeekdays, Configured.For("IL"), Configured.For("XA")];

    public static Arbitrary<Calendar> Calendar() => Gen.Elements(Calendars).Select(c => new Calendar(c)).ToArbitrary();

    // Ten years of starts to the second, DST weekends and holidays included.
    public static Arbitrary<Start> Start() => Gen.Choose(0, 10 * 365 * 24 * 3600).Select(s => new Start(Origin.AddSeconds(s))).ToArbitrary();

    // Up to about 300 working hours, to the second, with zero and whole hours more likely than chance.
    public static Arbitrary<Work> Work() => Gen.Frequency(
            (1, Gen.Constant(0)),
            (3, Gen.Choose(0, 300).Select(h => h * 3600)),
            (6, Gen.Choose(0, 300 * 3600)))
        .Select(s => new Work(TimeSpan.FromSeconds(s))).ToArbitrary();

    public static Arbitrary<Days> Days() => Gen.Choose(0, 30).Select(d => new Days(d)).ToArbitrary();

    public static Arbitrary<Year> Year() => Gen.Choose(JapaneseNationalHolidays.FirstYear, JapaneseNationalHolidays.LastYear).Select(y => new Year(y)).ToArbitrary();
}
