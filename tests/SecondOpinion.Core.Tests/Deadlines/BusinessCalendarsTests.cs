using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

public sealed class BusinessCalendarsTests
{
    private static BusinessCalendars With(Dictionary<string, JurisdictionCalendarSettings> jurisdictions, string? fallback = null) =>
        BusinessCalendars.From(new CalendarSettings { Jurisdictions = jurisdictions, Default = fallback });

    [Fact]
    public void us_and_japan_have_calendars_with_nothing_configured()
    {
        var us = BusinessCalendars.Default.For("US");
        var jp = BusinessCalendars.Default.For("JP");

        Assert.Equal(["JP", "US"], BusinessCalendars.Default.Jurisdictions);
        Assert.Equal(("America/New_York", "09:00-18:00"), (us.TimeZoneId, us.WorkingHours.ToString()));
        Assert.Equal(("Asia/Tokyo", "09:00-18:00"), (jp.TimeZoneId, jp.WorkingHours.ToString()));
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Saturday], jp.Weekend);
        Assert.Contains(new DateOnly(2026, 7, 3), us.Holidays);
        Assert.Contains(new DateOnly(2026, 9, 22), jp.Holidays);
        Assert.Contains(new DateOnly(2035, 12, 25), us.Holidays);
    }

    [Theory]
    [InlineData("US-CA", "US")]
    [InlineData("us-ny", "US")]
    [InlineData(" JP-13 ", "JP")]
    [InlineData("jp", "JP")]
    public void a_subdivision_without_a_calendar_uses_its_countrys(string jurisdiction, string calendar)
    {
        Assert.Equal(calendar, BusinessCalendars.Default.For(jurisdiction).Name);
    }

    [Theory]
    [InlineData("DE")]
    [InlineData("DE-BY")]
    [InlineData("")]
    [InlineData(null)]
    public void an_unknown_jurisdiction_uses_the_utc_weekday_calendar(string? jurisdiction)
    {
        var calendar = BusinessCalendars.Default.For(jurisdiction);

        Assert.Same(BusinessCalendar.UtcWeekdays, calendar);
        Assert.Equal("utc-weekdays", calendar.Name);
        Assert.Equal("UTC", calendar.TimeZoneId);
        Assert.Empty(calendar.Holidays);
    }

    [Fact]
    public void the_default_setting_names_the_calendar_unknown_jurisdictions_use()
    {
        var calendars = With([], fallback: "us");

        Assert.Equal("US", calendars.For("DE").Name);
        Assert.Equal("US", calendars.Fallback.Name);
    }

    [Fact]
    public void a_configured_subdivision_keeps_its_countrys_holidays_in_its_own_zone()
    {
        var calendars = With(new() { ["US-CA"] = new() { TimeZone = "America/Los_Angeles" } });
        var california = calendars.For("US-CA");

        Assert.Equal("US-CA", california.Name);
        Assert.Equal("America/Los_Angeles", california.TimeZoneId);
        Assert.Equal(calendars.For("US").Holidays, california.Holidays);
        Assert.Equal("US", calendars.For("US-TX").Name);
    }

    [Fact]
    public void configuration_changes_a_built_in_calendar_field_by_field()
    {
        var calendars = With(new() { ["JP"] = new() { WorkingHours = "08:30-17:30" } });
        var jp = calendars.For("JP");

        Assert.Equal("Asia/Tokyo", jp.TimeZoneId);
        Assert.Equal("08:30-17:30", jp.WorkingHours.ToString());
        Assert.Equal(BusinessCalendars.Default.For("JP").Holidays, jp.Holidays);
    }

    [Fact]
    public void extra_holidays_are_added_once_or_every_year_and_removed_ones_become_working_days()
    {
        var calendars = With(new()
        {
            ["JP"] = new() { ExtraHolidays = ["12-31", "01-02", "01-03", "2026-12-29"], RemovedHolidays = ["2026-09-22"] },
        });
        var jp = calendars.For("JP");

        Assert.False(jp.IsBusinessDay(new DateOnly(2026, 12, 29)));
        Assert.True(jp.IsBusinessDay(new DateOnly(2027, 12, 29)));
        Assert.All(Enumerable.Range(2025, 11), y => Assert.False(jp.IsBusinessDay(new DateOnly(y, 12, 31))));
        Assert.True(jp.IsBusinessDay(new DateOnly(2026, 9, 22)));
        Assert.False(jp.IsBusinessDay(new DateOnly(2026, 9, 21)));
    }

    [Fact]
    public void a_subdivision_adds_to_its_countrys_extra_and_removed_holidays()
    {
        var calendars = With(new()
        {
            ["US"] = new() { ExtraHolidays = ["2026-12-24"], RemovedHolidays = ["2026-10-12"] },
            ["US-CA"] = new() { TimeZone = "America/Los_Angeles", ExtraHolidays = ["2026-03-31"] },
        });
        var california = calendars.For("US-CA");

        Assert.False(california.IsBusinessDay(new DateOnly(2026, 12, 24)));
        Assert.False(california.IsBusinessDay(new DateOnly(2026, 3, 31)));
        Assert.True(california.IsBusinessDay(new DateOnly(2026, 10, 12)));
        Assert.True(calendars.For("US").IsBusinessDay(new DateOnly(2026, 3, 31)));
    }

    [Fact]
    public void a_new_country_needs_a_time_zone_and_gets_weekends_and_its_own_rules()
    {
        var calendars = With(new()
        {
            ["DE"] = new() { TimeZone = "Europe/Berlin", ExtraHolidays = ["2026-10-03"] },
            ["AE"] = new() { TimeZone = "Asia/Dubai", Weekend = ["Saturday", "Sunday"], HolidayRules = "none" },
            ["IL"] = new() { TimeZone = "Asia/Jerusalem", Weekend = ["friday", "Saturday"] },
        });

        Assert.Equal("DE", calendars.For("DE-BY").Name);
        Assert.Equal([new DateOnly(2026, 10, 3)], calendars.For("DE").Holidays);
        Assert.True(calendars.For("IL").IsBusinessDay(new DateOnly(2026, 6, 7))); // a Sunday
        Assert.False(calendars.For("IL").IsBusinessDay(new DateOnly(2026, 6, 5))); // a Friday
    }

    [Fact]
    public void holidays_are_computed_for_the_configured_years_only()
    {
        var calendars = BusinessCalendars.From(new CalendarSettings { HolidaysFrom = 2026, HolidaysThrough = 2027 });

        Assert.Equal(new DateOnly(2026, 1, 1), calendars.For("US").Holidays[0]);
        Assert.Equal(new DateOnly(2027, 12, 31), calendars.For("US").Holidays[^1]);
        Assert.Equal(18 + 17, calendars.For("JP").Holidays.Count);
    }

    [Fact]
    public void settings_with_problems_cannot_build_calendars()
    {
        var error = Assert.Throws<ArgumentException>(() => With(new() { ["JP"] = new() { TimeZone = "Asia/Tokio" } }));

        Assert.Contains("Calendars:Jurisdictions:JP:TimeZone 'Asia/Tokio'", error.Message);
    }
}
