namespace SecondOpinion.Core.Deadlines;

/// <summary>The holiday rules a calendar can be built on, by the name the <c>Calendars</c> settings use.</summary>
public static class HolidayRules
{
    public const string UsFederal = "us-federal";
    public const string JapanNational = "jp-national";
    public const string None = "none";

    public static IReadOnlyList<string> Names { get; } = [UsFederal, JapanNational, None];

    public static bool IsKnown(string? rules) => Names.Contains(rules?.Trim().ToLowerInvariant());

    /// <summary>The years the rules can compute, or null for <see cref="None"/>.</summary>
    public static (int First, int Last)? Years(string rules) => Normalize(rules) switch
    {
        UsFederal => (UsFederalHolidays.FirstYear, 9998),
        JapanNational => (JapaneseNationalHolidays.FirstYear, JapaneseNationalHolidays.LastYear),
        None => null,
        _ => throw Unknown(rules),
    };

    /// <summary>The holidays observed from 1 January of <paramref name="firstYear"/> to 31 December of <paramref name="lastYear"/>.</summary>
    public static IReadOnlyList<PublicHoliday> Between(string rules, int firstYear, int lastYear)
    {
        Func<int, IReadOnlyList<PublicHoliday>> year = Normalize(rules) switch
        {
            UsFederal => UsFederalHolidays.ObservedIn,
            JapanNational => JapaneseNationalHolidays.ObservedIn,
            None => _ => [],
            _ => throw Unknown(rules),
        };
        return Enumerable.Range(firstYear, Math.Max(0, lastYear - firstYear + 1)).SelectMany(year).ToList();
    }

    private static string Normalize(string rules) => rules.Trim().ToLowerInvariant();

    private static ArgumentException Unknown(string rules) =>
        new($"Holiday rules '{rules}' are not known: use {string.Join(", ", Names.Select(n => $"'{n}'"))}.", nameof(rules));
}
