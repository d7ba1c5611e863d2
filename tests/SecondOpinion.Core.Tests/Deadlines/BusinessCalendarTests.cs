using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar NewYork = BusinessCalendars.Default.For("US");
    private static readonly BusinessCalendar Tokyo = BusinessCalendars.Default.For("JP");
    private static readonly TimeSpan Eight = TimeSpan.FromHours(8);

    private static DateTimeOffset Local(BusinessCalendar calendar, int year, int month, int day, int hour, int minute = 0)
    {
        var wall = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, calendar.TimeZone.GetUtcOffset(wall));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    // ---- working time -----------------------------------------------------------------------

    [Fact]
    public void an_eight_hour_window_offered_on_a_friday_evening_in_tokyo_ends_on_monday_at_five()
    {
        // 2026-06-05 is a Friday; Monday 8 June is a working day in Japan.
        var due = Tokyo.AddWorkingTime(Local(Tokyo, 2026, 6, 5, 20), Eight);

        Assert.Equal(Local(Tokyo, 2026, 6, 8, 17), due);
        Assert.Equal(Utc(2026, 6, 8, 8), due);
        Assert.Equal(TimeSpan.Zero, due.Offset);
    }

    [Fact]
    public void an_eight_hour_window_offered_on_a_friday_evening_in_new_york_ends_on_monday_at_five()
    {
        var due = NewYork.AddWorkingTime(Local(NewYork, 2026, 6, 5, 20), Eight);

        Assert.Equal(Local(NewYork, 2026, 6, 8, 17), due);
        Assert.Equal(Utc(2026, 6, 8, 21), due);
    }

    [Fact]
    public void a_monday_holiday_is_skipped_so_the_window_ends_on_tuesday()
    {
        // Friday 9 January 2026; Monday 12 January is Coming of Age Day in Japan.
        Assert.Equal(Local(Tokyo, 2026, 1, 13, 17), Tokyo.AddWorkingTime(Local(Tokyo, 2026, 1, 9, 20), Eight));
        // Friday 16 January 2026; Monday 19 January is Martin Luther King Day in the US.
        Assert.Equal(Local(NewYork, 2026, 1, 20, 17), NewYork.AddWorkingTime(Local(NewYork, 2026, 1, 16, 20), Eight));
    }

    [Fact]
    public void a_window_opened_during_working_hours_uses_the_rest_of_the_day_first()
    {
        // Thursday 14:00 + 8 h: 4 h on Thursday, 4 h from Friday 09:00.
        Assert.Equal(Local(Tokyo, 2026, 6, 5, 13), Tokyo.AddWorkingTime(Local(Tokyo, 2026, 6, 4, 14), Eight));
        // Before opening: the count starts at 09:00 the same day.
        Assert.Equal(Local(Tokyo, 2026, 6, 4, 17), Tokyo.AddWorkingTime(Local(Tokyo, 2026, 6, 4, 6), Eight));
    }

    [Fact]
    public void a_window_that_ends_exactly_at_closing_time_ends_that_day()
    {
        Assert.Equal(Local(Tokyo, 2026, 6, 8, 18), Tokyo.AddWorkingTime(Local(Tokyo, 2026, 6, 5, 20), TimeSpan.FromHours(9)));
    }

    [Fact]
    public void zero_working_time_is_the_start_itself_even_on_a_weekend()
    {
        var saturday = Local(Tokyo, 2026, 6, 6, 23);

        Assert.Equal(saturday, Tokyo.AddWorkingTime(saturday, TimeSpan.Zero));
    }

    [Fact]
    public void new_york_working_hours_stay_nine_to_six_local_across_the_spring_forward_weekend()
    {
        // Clocks go from 02:00 EST to 03:00 EDT on Sunday 8 March 2026.
        Assert.Equal(Utc(2026, 3, 9, 21), NewYork.AddWorkingTime(Local(NewYork, 2026, 3, 6, 20), Eight)); // Monday 17:00 EDT
        Assert.Equal(Utc(2026, 3, 9, 17), NewYork.AddWorkingTime(Local(NewYork, 2026, 3, 6, 14), Eight)); // 4 h Friday (EST), 4 h Monday → 13:00 EDT
        Assert.Equal(Utc(2026, 3, 9, 13), NewYork.WorkingIntervalOf(new DateOnly(2026, 3, 9)).Open);
        Assert.Equal(Utc(2026, 3, 6, 14), NewYork.WorkingIntervalOf(new DateOnly(2026, 3, 6)).Open);
    }

    [Fact]
    public void new_york_working_hours_stay_nine_to_six_local_across_the_fall_back_weekend()
    {
        // Clocks go from 02:00 EDT back to 01:00 EST on Sunday 1 November 2026.
        Assert.Equal(Utc(2026, 11, 2, 22), NewYork.AddWorkingTime(Local(NewYork, 2026, 10, 30, 20), Eight)); // Monday 17:00 EST
        Assert.Equal(Utc(2026, 11, 2, 18), NewYork.AddWorkingTime(Local(NewYork, 2026, 10, 30, 14), Eight)); // 13:00 EST
    }

    [Fact]
    public void working_time_counts_in_the_calendars_zone_whatever_the_offset_of_the_start()
    {
        // Friday 20:00 in Tokyo written as 11:00 UTC.
        Assert.Equal(Utc(2026, 6, 8, 8), Tokyo.AddWorkingTime(Utc(2026, 6, 5, 11), Eight));
    }

    [Fact]
    public void working_time_cannot_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokyo.AddWorkingTime(Utc(2026, 6, 5, 11), TimeSpan.FromMinutes(-1)));
    }

    // ---- business days ----------------------------------------------------------------------

    [Fact]
    public void business_days_skip_weekends_and_holidays_at_the_same_local_time()
    {
        // Thursday 30 April 2026 in Tokyo: 1 May, then 4–6 May are holidays.
        Assert.Equal(Local(Tokyo, 2026, 5, 7, 10), Tokyo.AddBusinessDays(Local(Tokyo, 2026, 4, 30, 10), 2));
    }

    [Fact]
    public void a_start_on_a_holiday_counts_from_the_next_business_day_at_the_same_time()
    {
        // Thanksgiving, 26 November 2026: zero days is Friday, one is Monday.
        Assert.Equal(Local(NewYork, 2026, 11, 27, 15), NewYork.AddBusinessDays(Local(NewYork, 2026, 11, 26, 15), 0));
        Assert.Equal(Local(NewYork, 2026, 11, 30, 15), NewYork.AddBusinessDays(Local(NewYork, 2026, 11, 26, 15), 1));
    }

    [Fact]
    public void business_days_keep_the_local_time_across_a_daylight_saving_change()
    {
        Assert.Equal(Utc(2026, 3, 9, 14), NewYork.AddBusinessDays(Local(NewYork, 2026, 3, 6, 10), 1)); // 10:00 EST → 10:00 EDT
        Assert.Equal(Utc(2026, 11, 2, 15), NewYork.AddBusinessDays(Local(NewYork, 2026, 10, 30, 10), 1)); // 10:00 EDT → 10:00 EST
    }

    [Fact]
    public void a_local_time_skipped_by_spring_forward_moves_on_by_the_gap_and_a_repeated_one_is_its_first_occurrence()
    {
        var everyDay = new BusinessCalendar("XX", "America/New_York", WorkingHours.NineToSix, [], []);

        // Saturday 7 March 02:30 EST + 1 day → Sunday 02:30, which does not exist: 03:30 EDT.
        Assert.Equal(Utc(2026, 3, 8, 7, 30), everyDay.AddBusinessDays(Local(NewYork, 2026, 3, 7, 2, 30), 1));
        // Saturday 31 October 01:30 EDT + 1 day → Sunday 01:30, which happens twice: the EDT one.
        Assert.Equal(Utc(2026, 11, 1, 5, 30), everyDay.AddBusinessDays(Local(NewYork, 2026, 10, 31, 1, 30), 1));
    }

    [Fact]
    public void the_business_day_is_the_local_date_not_the_utc_date()
    {
        // Monday 06:00 in Tokyo is still Sunday in UTC.
        var mondayMorning = Local(Tokyo, 2026, 6, 8, 6);

        Assert.Equal(new DateOnly(2026, 6, 8), Tokyo.LocalDateOf(mondayMorning));
        Assert.True(Tokyo.IsBusinessDay(Tokyo.LocalDateOf(mondayMorning)));
        Assert.False(Tokyo.IsWorkingTime(mondayMorning));
        Assert.True(Tokyo.IsWorkingTime(Local(Tokyo, 2026, 6, 8, 9)));
    }

    [Fact]
    public void weekends_and_holidays_are_not_business_days()
    {
        Assert.False(Tokyo.IsBusinessDay(new DateOnly(2026, 6, 6)));
        Assert.False(Tokyo.IsBusinessDay(new DateOnly(2026, 9, 22)));
        Assert.True(NewYork.IsBusinessDay(new DateOnly(2026, 9, 22)));
        Assert.False(NewYork.IsBusinessDay(new DateOnly(2026, 7, 3)));
    }

    // ---- the calendar as data -----------------------------------------------------------------

    [Fact]
    public void a_calendar_in_a_reviewers_own_zone_keeps_the_holidays_and_hours()
    {
        var inLosAngeles = NewYork.InTimeZone("America/Los_Angeles");

        Assert.Equal("US", inLosAngeles.Name);
        Assert.Equal(NewYork.Holidays, inLosAngeles.Holidays);
        Assert.Equal(Utc(2026, 6, 9, 0), inLosAngeles.AddWorkingTime(Local(inLosAngeles, 2026, 6, 5, 20), Eight)); // Monday 17:00 PDT
    }

    [Fact]
    public void a_calendar_survives_the_json_an_orchestration_input_goes_through()
    {
        var json = SecondOpinionJson.Serialize(Tokyo);
        var back = SecondOpinionJson.Deserialize<BusinessCalendar>(json);
        var plain = System.Text.Json.JsonSerializer.Deserialize<BusinessCalendar>(System.Text.Json.JsonSerializer.Serialize(Tokyo))!;

        foreach (var copy in new[] { back, plain })
        {
            Assert.Equal(Tokyo.Name, copy.Name);
            Assert.Equal(Tokyo.TimeZoneId, copy.TimeZoneId);
            Assert.Equal(Tokyo.WorkingHours, copy.WorkingHours);
            Assert.Equal(Tokyo.Weekend, copy.Weekend);
            Assert.Equal(Tokyo.Holidays, copy.Holidays);
        }
        Assert.Contains("\"2026-09-22\"", json);
        Assert.Contains("\"saturday\"", json);
    }

    [Fact]
    public void an_unknown_time_zone_or_a_week_without_working_days_is_refused()
    {
        Assert.False(BusinessCalendar.IsKnownTimeZone("Asia/Tokio"));
        Assert.True(BusinessCalendar.IsKnownTimeZone("Asia/Tokyo"));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("JP", "Asia/Tokio", WorkingHours.NineToSix, [], []));
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("XX", "UTC", WorkingHours.NineToSix, Enum.GetValues<DayOfWeek>(), []));
    }

    [Theory]
    [InlineData("09:00-18:00", true)]
    [InlineData("8:30-17:15", true)]
    [InlineData("18:00-09:00", false)]
    [InlineData("09:00-09:00", false)]
    [InlineData("09:00", false)]
    [InlineData("25:00-26:00", false)]
    public void working_hours_are_written_as_start_and_end_on_one_day(string text, bool valid)
    {
        Assert.Equal(valid, WorkingHours.TryParse(text, out var hours));
        if (valid) Assert.Equal(text.Length == 11 ? text : "08:30-17:15", hours.ToString());
    }
}
