using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

/// <summary>The case SLA counted on the calendar of the patient's jurisdiction.</summary>
public sealed class JurisdictionSlaTests
{
    private static readonly BusinessCalendars Calendars = BusinessCalendars.Default;

    private static DateTimeOffset Jst(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void a_standard_case_in_japan_skips_golden_week()
    {
        // Thursday 30 April: 1 May, 7, 8, 11 and 12 May are the five business days (3–6 May are holidays).
        Assert.Equal(Jst(5, 12, 10), SlaCalendar.DueAt(ServiceTier.Standard, Jst(4, 30, 10), Calendars.For("JP")));
        Assert.Equal(Jst(5, 7, 10), SlaCalendar.DueAt(ServiceTier.Standard, Jst(4, 30, 10)));
    }

    [Fact]
    public void an_expedited_case_in_the_us_skips_thanksgiving_at_the_same_new_york_time()
    {
        var wednesday = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(-5)), SlaCalendar.DueAt(ServiceTier.Expedited, wednesday, Calendars.For("US-OH")));
    }

    [Fact]
    public void an_urgent_case_is_twenty_four_calendar_hours_on_every_calendar()
    {
        var saturday = Jst(5, 2, 10);

        Assert.Equal(saturday.AddHours(24), SlaCalendar.DueAt(ServiceTier.Urgent, saturday, Calendars.For("JP")));
    }

    [Fact]
    public void an_unknown_jurisdiction_counts_utc_weekdays_as_before()
    {
        var start = new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(SlaCalendar.DueAt(ServiceTier.Standard, start), SlaCalendar.DueAt(ServiceTier.Standard, start, Calendars.For("DE")));
    }

    [Fact]
    public void the_deadline_policy_counts_on_the_calendar_unless_the_sla_is_overridden()
    {
        var start = Jst(4, 30, 10);

        Assert.Equal(Jst(5, 12, 10), new DeadlinePolicy().CaseDueAt(ServiceTier.Standard, start, Calendars.For("JP")));
        Assert.Equal(start.AddMinutes(5), new DeadlinePolicy { CaseSlaOverride = TimeSpan.FromMinutes(5) }.CaseDueAt(ServiceTier.Standard, start, Calendars.For("JP")));
    }
}
