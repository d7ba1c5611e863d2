namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// The eleven US federal holidays of 5 U.S.C. 6103(a) (Juneteenth since 2021), on the dates they are
/// observed: a holiday on a Saturday is kept on the Friday before (5 U.S.C. 6103(b)), one on a Sunday
/// on the Monday after (Executive Order 11582, s. 3(a)) — the rule OPM publishes its yearly lists by.
/// Inauguration Day (Washington, D.C. area only) and one-off closures by executive order are not
/// included: add them under <c>Calendars:Jurisdictions:US:ExtraHolidays</c>.
/// </summary>
public static class UsFederalHolidays
{
    public const int FirstYear = 2021;

    /// <summary>
    /// The holidays observed in <paramref name="year"/>: when 1 January of the next year is a
    /// Saturday, its Friday (31 December) is one of them, and that year's own New Year's Day is not.
    /// </summary>
    public static IReadOnlyList<PublicHoliday> ObservedIn(int year)
    {
        if (year < FirstYear || year > 9998) throw new ArgumentOutOfRangeException(nameof(year), year, $"US federal holidays are computed from {FirstYear}.");
        return Enumerable.Range(year, 2)
            .SelectMany(Holidays)
            .Select(h => h with { Date = Observed(h.Date) })
            .Where(h => h.Date.Year == year)
            .OrderBy(h => h.Date)
            .ToList();
    }

    private static IEnumerable<PublicHoliday> Holidays(int year)
    {
        yield return new(new DateOnly(year, 1, 1), "New Year's Day");
        yield return new(MonthDays.NthWeekday(year, 1, DayOfWeek.Monday, 3), "Birthday of Martin Luther King, Jr.");
        yield return new(MonthDays.NthWeekday(year, 2, DayOfWeek.Monday, 3), "Washington's Birthday");
        yield return new(MonthDays.LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day");
        yield return new(new DateOnly(year, 6, 19), "Juneteenth National Independence Day");
        yield return new(new DateOnly(year, 7, 4), "Independence Day");
        yield return new(MonthDays.NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day");
        yield return new(MonthDays.NthWeekday(year, 10, DayOfWeek.Monday, 2), "Columbus Day");
        yield return new(new DateOnly(year, 11, 11), "Veterans Day");
        yield return new(MonthDays.NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day");
        yield return new(new DateOnly(year, 12, 25), "Christmas Day");
    }

    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };
}
