using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

/// <summary>The computed holidays against the lists the governments published.</summary>
public sealed class PublicHolidayTests
{
    private static DateOnly[] Dates(params string[] isoDates) => isoDates.Select(DateOnly.Parse).ToArray();

    private static DateOnly[] Observed(IReadOnlyList<PublicHoliday> holidays) => holidays.Select(h => h.Date).ToArray();

    [Fact]
    public void us_federal_holidays_of_2026_are_the_published_list_with_independence_day_kept_on_friday_july_3()
    {
        Assert.Equal(
            Dates("2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"),
            Observed(UsFederalHolidays.ObservedIn(2026)));
    }

    [Fact]
    public void us_federal_holidays_of_2027_move_saturdays_to_friday_and_sundays_to_monday_and_include_new_years_day_2028_on_december_31()
    {
        // Juneteenth and Christmas fall on a Saturday, Independence Day on a Sunday, 1 January 2028 on a Saturday.
        Assert.Equal(
            Dates("2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-31"),
            Observed(UsFederalHolidays.ObservedIn(2027)));
    }

    [Fact]
    public void a_new_years_day_kept_in_the_year_before_is_not_counted_twice()
    {
        var year2028 = Observed(UsFederalHolidays.ObservedIn(2028));

        Assert.DoesNotContain(new DateOnly(2028, 1, 1), year2028);
        Assert.Equal(10, year2028.Length);
        Assert.Equal("New Year's Day", UsFederalHolidays.ObservedIn(2027)[^1].Name);
    }

    [Fact]
    public void japanese_holidays_of_2026_include_the_may_6_substitute_and_the_september_22_citizens_holiday()
    {
        Assert.Equal(
            Dates("2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29", "2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06",
                "2026-07-20", "2026-08-11", "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23"),
            Observed(JapaneseNationalHolidays.ObservedIn(2026)));
        var holidays = JapaneseNationalHolidays.ObservedIn(2026).ToDictionary(h => h.Date, h => h.Name);
        Assert.StartsWith("振替休日", holidays[new DateOnly(2026, 5, 6)]);
        Assert.StartsWith("国民の休日", holidays[new DateOnly(2026, 9, 22)]);
    }

    [Fact]
    public void japanese_holidays_of_2027_are_the_cabinet_office_list_with_march_22_as_the_substitute_for_the_sunday_equinox()
    {
        Assert.Equal(
            Dates("2027-01-01", "2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22", "2027-04-29", "2027-05-03", "2027-05-04", "2027-05-05",
                "2027-07-19", "2027-08-11", "2027-09-20", "2027-09-23", "2027-10-11", "2027-11-03", "2027-11-23"),
            Observed(JapaneseNationalHolidays.ObservedIn(2027)));
    }

    [Theory]
    [InlineData(2026, 20, 23)]
    [InlineData(2027, 21, 23)]
    [InlineData(2028, 20, 22)]
    [InlineData(2029, 20, 23)]
    [InlineData(2030, 20, 23)]
    public void equinox_days_follow_the_approximation_that_matches_the_announced_dates(int year, int march, int september)
    {
        Assert.Equal(new DateOnly(year, 3, march), JapaneseNationalHolidays.VernalEquinoxDay(year));
        Assert.Equal(new DateOnly(year, 9, september), JapaneseNationalHolidays.AutumnalEquinoxDay(year));
    }

    [Fact]
    public void a_substitute_holiday_skips_the_national_holidays_after_a_sunday()
    {
        // 2029: Respect for the Aged Day is Monday 17 September and the equinox Sunday 23 September.
        var days = Observed(JapaneseNationalHolidays.ObservedIn(2029));

        Assert.Contains(new DateOnly(2029, 9, 24), days);
        // 2028: Children's Day is a Friday, so no substitute in May.
        Assert.DoesNotContain(new DateOnly(2028, 5, 6), Observed(JapaneseNationalHolidays.ObservedIn(2028)));
    }

    [Fact]
    public void the_next_citizens_holiday_after_2026_is_september_21_2032()
    {
        var citizens = Enumerable.Range(2027, 6)
            .SelectMany(JapaneseNationalHolidays.ObservedIn)
            .Where(h => h.Name.StartsWith("国民の休日", StringComparison.Ordinal))
            .Select(h => h.Date);

        Assert.Equal([new DateOnly(2032, 9, 21)], citizens);
    }

    [Fact]
    public void every_year_2026_to_2030_has_sixteen_national_holidays_and_only_mondays_to_wednesdays_as_substitutes()
    {
        foreach (var year in Enumerable.Range(2026, 5))
        {
            var holidays = JapaneseNationalHolidays.ObservedIn(year);
            Assert.Equal(16, holidays.Count(h => !h.Name.StartsWith("振替休日", StringComparison.Ordinal) && !h.Name.StartsWith("国民の休日", StringComparison.Ordinal)));
            Assert.All(holidays.Where(h => h.Name.StartsWith("振替休日", StringComparison.Ordinal)),
                h => Assert.Contains(h.Date.DayOfWeek, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday }));
            Assert.Equal(holidays.Count, holidays.Select(h => h.Date).Distinct().Count());
        }
    }

    [Theory]
    [InlineData(HolidayRules.UsFederal, 2020)]
    [InlineData(HolidayRules.JapanNational, 2021)]
    [InlineData(HolidayRules.JapanNational, 2100)]
    public void years_the_rules_do_not_describe_are_refused(string rules, int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HolidayRules.Between(rules, year, year));
    }

    [Fact]
    public void holiday_rules_of_several_years_are_the_years_together()
    {
        Assert.Equal(UsFederalHolidays.ObservedIn(2026).Count + UsFederalHolidays.ObservedIn(2027).Count, HolidayRules.Between(HolidayRules.UsFederal, 2026, 2027).Count);
        Assert.Empty(HolidayRules.Between(HolidayRules.None, 2026, 2030));
    }
}
