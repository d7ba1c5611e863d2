using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

/// <summary>Each problem is reported when the host starts, with a message that names the setting to fix.</summary>
public sealed class CalendarSettingsTests
{
    private static string Problem(CalendarSettings settings) => Assert.Single(settings.Problems());

    private static CalendarSettings Jurisdiction(string key, JurisdictionCalendarSettings value) => new() { Jurisdictions = new() { [key] = value } };

    [Fact]
    public void the_defaults_have_no_problems()
    {
        Assert.Empty(new CalendarSettings().Problems());
        Assert.Equal(new HumanWindowPolicy { Mode = HumanWindowMode.WorkingHours, MinimumFraction = 0.01 }, new CalendarSettings().ToHumanWindowPolicy());
    }

    [Theory]
    [InlineData("working-hours", HumanWindowMode.WorkingHours)]
    [InlineData("WorkingHours", HumanWindowMode.WorkingHours)]
    [InlineData("elapsed", HumanWindowMode.Elapsed)]
    [InlineData("Elapsed", HumanWindowMode.Elapsed)]
    public void human_windows_are_counted_in_working_hours_or_elapsed(string value, HumanWindowMode mode)
    {
        Assert.Equal(mode, new CalendarSettings { HumanWindows = value }.ToHumanWindowPolicy().Mode);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("1")]
    [InlineData("")]
    public void an_unknown_window_mode_names_the_setting(string value)
    {
        Assert.Equal($"Calendars:HumanWindows '{value}' is not known: use 'working-hours' or 'elapsed'.", Problem(new CalendarSettings { HumanWindows = value }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void the_minimum_window_is_a_fraction_above_zero(double fraction)
    {
        Assert.StartsWith("Calendars:MinimumWindowFraction", Problem(new CalendarSettings { MinimumWindowFraction = fraction }));
    }

    [Fact]
    public void a_time_zone_the_machine_does_not_know_names_the_setting()
    {
        Assert.Equal("Calendars:Jurisdictions:JP:TimeZone 'Asia/Tokio' is not a time zone this machine knows: use an IANA id such as 'America/New_York' (the tzdata package provides them).",
            Problem(Jurisdiction("JP", new() { TimeZone = "Asia/Tokio" })));
        Assert.StartsWith("Calendars:Jurisdictions:US-CA:TimeZone 'Pacific'", Problem(Jurisdiction("US-CA", new() { TimeZone = "Pacific" })));
    }

    [Theory]
    [InlineData("18:00-09:00")]
    [InlineData("9-18")]
    [InlineData("09:00-24:00")]
    public void working_hours_that_do_not_parse_or_end_before_they_start_name_the_setting(string hours)
    {
        Assert.Equal($"Calendars:Jurisdictions:US:WorkingHours '{hours}' must be local hours \"HH:mm-HH:mm\" starting before they end, such as \"09:00-18:00\".",
            Problem(Jurisdiction("US", new() { WorkingHours = hours })));
    }

    [Fact]
    public void a_country_without_a_built_in_calendar_needs_a_time_zone()
    {
        Assert.StartsWith("Calendars:Jurisdictions:DE:TimeZone is required", Problem(Jurisdiction("DE", new() { WorkingHours = "08:00-16:00" })));
        Assert.StartsWith("Calendars:Jurisdictions:DE-BY:TimeZone is required", Problem(Jurisdiction("DE-BY", new())));
    }

    [Fact]
    public void a_key_that_is_not_an_iso_code_names_the_setting()
    {
        Assert.StartsWith("Calendars:Jurisdictions:Japan: 'Japan' is not an ISO 3166 code", Problem(Jurisdiction("Japan", new() { TimeZone = "Asia/Tokyo" })));
    }

    [Fact]
    public void weekend_days_must_be_day_names_and_leave_a_working_day()
    {
        Assert.Equal("Calendars:Jurisdictions:US:Weekend 'Caturday' is not a day of the week such as 'Saturday'.",
            Problem(Jurisdiction("US", new() { Weekend = ["Saturday", "Caturday"] })));
        Assert.StartsWith("Calendars:Jurisdictions:US:Weekend '6'", Problem(Jurisdiction("US", new() { Weekend = ["6"] })));
        Assert.StartsWith("Calendars:Jurisdictions:US:Weekend names every day",
            Problem(Jurisdiction("US", new() { Weekend = [.. Enum.GetNames<DayOfWeek>()] })));
    }

    [Fact]
    public void holiday_rules_must_be_known_and_cover_the_configured_years()
    {
        Assert.StartsWith("Calendars:Jurisdictions:DE:HolidayRules 'german' are not known: use 'us-federal', 'jp-national', 'none'.",
            Problem(Jurisdiction("DE", new() { TimeZone = "Europe/Berlin", HolidayRules = "german" })));
        Assert.Equal("Calendars:Jurisdictions:JP:HolidayRules 'jp-national' are computed for 2022–2099: set Calendars:HolidaysFrom and HolidaysThrough within them.",
            Problem(new CalendarSettings { HolidaysFrom = 2021 }));
        Assert.StartsWith("Calendars:HolidaysFrom (2030) must be a year no later than Calendars:HolidaysThrough (2026)",
            Problem(new CalendarSettings { HolidaysFrom = 2030, HolidaysThrough = 2026 }));
    }

    [Fact]
    public void holiday_dates_that_do_not_parse_name_the_setting()
    {
        Assert.Equal("Calendars:Jurisdictions:JP:ExtraHolidays: '2026-13-01' is not a date: use \"2026-12-24\" (once) or \"12-31\" (every year).",
            Problem(Jurisdiction("JP", new() { ExtraHolidays = ["2026-12-31", "2026-13-01"] })));
        Assert.StartsWith("Calendars:Jurisdictions:US:RemovedHolidays: '31/12'", Problem(Jurisdiction("US", new() { RemovedHolidays = ["31/12"] })));
    }

    [Fact]
    public void a_default_jurisdiction_without_a_calendar_names_the_setting()
    {
        Assert.Equal("Calendars:Default 'FR' has no calendar: use one of JP, US or leave it unset for UTC weekdays.", Problem(new CalendarSettings { Default = "FR" }));
        Assert.Empty(new CalendarSettings { Default = "US-CA" }.Problems());
    }

    [Fact]
    public void every_problem_is_reported_at_once()
    {
        var settings = new CalendarSettings
        {
            HumanWindows = "sometimes",
            Jurisdictions = new() { ["JP"] = new() { TimeZone = "Mars/Olympus" }, ["US"] = new() { WorkingHours = "late" } },
        };

        Assert.Equal(3, settings.Problems().Count);
    }
}
