namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// Japan's days off under the Act on National Holidays (国民の祝日に関する法律, Act No. 178 of 1948, as
/// amended up to the 2018 amendment that moved the Emperor's Birthday to 23 February from 2020):
/// the sixteen national holidays of Article 2, the substitute holiday of Article 3(2) (振替休日: a
/// holiday on a Sunday moves to the next day that is not a national holiday) and the citizens'
/// holiday of Article 3(3) (国民の休日: a day between two national holidays). Computed from 2022, the
/// first year after the one-off Olympic moves of 2020–2021. Year-end closures (年末年始) are not
/// national holidays: add them under <c>Calendars:Jurisdictions:JP:ExtraHolidays</c> ("12-31").
/// </summary>
public static class JapaneseNationalHolidays
{
    public const int FirstYear = 2022;
    /// <summary>The last year of the equinox approximation.</summary>
    public const int LastYear = 2099;

    public static IReadOnlyList<PublicHoliday> ObservedIn(int year)
    {
        if (year < FirstYear || year > LastYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Japanese national holidays are computed for {FirstYear}–{LastYear}.");
        var national = NationalHolidays(year).ToList();
        var dates = national.Select(h => h.Date).ToHashSet();
        var days = new List<PublicHoliday>(national);
        foreach (var holiday in national.Where(h => h.Date.DayOfWeek == DayOfWeek.Sunday))
        {
            var substitute = holiday.Date.AddDays(1);
            while (dates.Contains(substitute)) substitute = substitute.AddDays(1);
            days.Add(new PublicHoliday(substitute, "振替休日 (Substitute Holiday)"));
        }
        foreach (var holiday in national)
        {
            var between = holiday.Date.AddDays(1);
            if (!dates.Contains(between) && dates.Contains(between.AddDays(1)) && days.All(d => d.Date != between))
                days.Add(new PublicHoliday(between, "国民の休日 (Citizens' Holiday)"));
        }
        return days.OrderBy(d => d.Date).ToList();
    }

    /// <summary>
    /// 春分日 by the approximation of 新こよみ便利帳 (暦計算研究会 ed., 1991), valid 1980–2099. The
    /// legal date is the one the National Astronomical Observatory of Japan announces in 暦要項 each
    /// February for the next year (the formula gives the announced dates of 2026 and 2027: see the tests).
    /// </summary>
    public static DateOnly VernalEquinoxDay(int year) => new(year, 3, EquinoxDay(20.8431, year));

    /// <summary>秋分日, by the same approximation as <see cref="VernalEquinoxDay"/>.</summary>
    public static DateOnly AutumnalEquinoxDay(int year) => new(year, 9, EquinoxDay(23.2488, year));

    private static int EquinoxDay(double epoch, int year)
    {
        if (year < 1980 || year > LastYear) throw new ArgumentOutOfRangeException(nameof(year), year, "The equinox approximation holds for 1980–2099.");
        var y = year - 1980;
        return (int)Math.Floor(epoch + 0.242194 * y - Math.Floor(y / 4.0));
    }

    private static IEnumerable<PublicHoliday> NationalHolidays(int year)
    {
        yield return new(new DateOnly(year, 1, 1), "元日 (New Year's Day)");
        yield return new(MonthDays.NthWeekday(year, 1, DayOfWeek.Monday, 2), "成人の日 (Coming of Age Day)");
        yield return new(new DateOnly(year, 2, 11), "建国記念の日 (National Foundation Day)");
        yield return new(new DateOnly(year, 2, 23), "天皇誕生日 (Emperor's Birthday)");
        yield return new(VernalEquinoxDay(year), "春分の日 (Vernal Equinox Day)");
        yield return new(new DateOnly(year, 4, 29), "昭和の日 (Showa Day)");
        yield return new(new DateOnly(year, 5, 3), "憲法記念日 (Constitution Memorial Day)");
        yield return new(new DateOnly(year, 5, 4), "みどりの日 (Greenery Day)");
        yield return new(new DateOnly(year, 5, 5), "こどもの日 (Children's Day)");
        yield return new(MonthDays.NthWeekday(year, 7, DayOfWeek.Monday, 3), "海の日 (Marine Day)");
        yield return new(new DateOnly(year, 8, 11), "山の日 (Mountain Day)");
        yield return new(MonthDays.NthWeekday(year, 9, DayOfWeek.Monday, 3), "敬老の日 (Respect for the Aged Day)");
        yield return new(AutumnalEquinoxDay(year), "秋分の日 (Autumnal Equinox Day)");
        yield return new(MonthDays.NthWeekday(year, 10, DayOfWeek.Monday, 2), "スポーツの日 (Sports Day)");
        yield return new(new DateOnly(year, 11, 3), "文化の日 (Culture Day)");
        yield return new(new DateOnly(year, 11, 23), "勤労感謝の日 (Labour Thanksgiving Day)");
    }
}
