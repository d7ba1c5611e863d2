using System.Globalization;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// The business calendar of each jurisdiction (ISO 3166: "US", "JP", "US-CA"). A subdivision with no
/// calendar of its own uses its country's; a jurisdiction with neither uses <see cref="Fallback"/>.
/// Built once from <see cref="CalendarSettings"/> over the built-in US and JP calendars.
/// </summary>
public sealed class BusinessCalendars
{
    private static readonly Lazy<BusinessCalendars> BuiltInCalendars = new(() => From(new CalendarSettings()));

    /// <summary>The calendars that need no configuration; US spans six zones, so configure "US-CA" and the like for others.</summary>
    public static IReadOnlyDictionary<string, JurisdictionCalendarSettings> BuiltIn { get; } = new Dictionary<string, JurisdictionCalendarSettings>
    {
        ["US"] = new() { TimeZone = "America/New_York", WorkingHours = "09:00-18:00", HolidayRules = HolidayRules.UsFederal },
        ["JP"] = new() { TimeZone = "Asia/Tokyo", WorkingHours = "09:00-18:00", HolidayRules = HolidayRules.JapanNational },
    };

    private readonly IReadOnlyDictionary<string, BusinessCalendar> calendars;

    private BusinessCalendars(IReadOnlyDictionary<string, BusinessCalendar> calendars, BusinessCalendar fallback)
    {
        this.calendars = calendars;
        Fallback = fallback;
    }

    /// <summary>The built-in calendars with nothing configured.</summary>
    public static BusinessCalendars Default => BuiltInCalendars.Value;

    /// <summary>The calendar of jurisdictions that have none: <c>Calendars:Default</c>'s, or <see cref="BusinessCalendar.UtcWeekdays"/>.</summary>
    public BusinessCalendar Fallback { get; }

    /// <summary>The jurisdictions with a calendar of their own.</summary>
    public IReadOnlyCollection<string> Jurisdictions => calendars.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The calendar for <paramref name="jurisdiction"/>: its own, else its country's ("US-CA" → "US"),
    /// else <see cref="Fallback"/>. The calendar's <see cref="BusinessCalendar.Name"/> says which one applied.
    /// </summary>
    public BusinessCalendar For(string? jurisdiction)
    {
        var key = jurisdiction?.Trim().ToUpperInvariant() ?? "";
        if (calendars.TryGetValue(key, out var own)) return own;
        var dash = key.IndexOf('-');
        return dash > 0 && calendars.TryGetValue(key[..dash], out var country) ? country : Fallback;
    }

    /// <exception cref="ArgumentException">The settings have problems (<see cref="CalendarSettings.Problems"/>); the message lists them.</exception>
    public static BusinessCalendars From(CalendarSettings settings)
    {
        var (calendars, problems) = Build(settings);
        return calendars ?? throw new ArgumentException(string.Join(" ", problems), nameof(settings));
    }

    internal static (BusinessCalendars? Calendars, IReadOnlyList<string> Problems) Build(CalendarSettings settings)
    {
        var problems = new List<string>();
        const string section = CalendarSettings.Section;
        if (!HumanWindowPolicy.TryParseMode(settings.HumanWindows, out _))
            problems.Add($"{section}:HumanWindows '{settings.HumanWindows}' is not known: use 'working-hours' or 'elapsed'.");
        if (!(settings.MinimumWindowFraction > 0 && settings.MinimumWindowFraction <= 1))
            problems.Add($"{section}:MinimumWindowFraction must be more than 0 and at most 1 (0.01 is 1 % of the window).");
        if (settings.HolidaysFrom > settings.HolidaysThrough || settings.HolidaysFrom < 1 || settings.HolidaysThrough > 9998)
            problems.Add($"{section}:HolidaysFrom ({settings.HolidaysFrom}) must be a year no later than {section}:HolidaysThrough ({settings.HolidaysThrough}).");

        var configured = new Dictionary<string, (string Setting, JurisdictionCalendarSettings Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Jurisdictions)
        {
            var normalized = key.Trim().ToUpperInvariant();
            var setting = $"{section}:Jurisdictions:{key}";
            if (!CaseRequestValidator.IsJurisdiction(normalized))
                problems.Add($"{setting}: '{key}' is not an ISO 3166 code such as 'US', 'US-CA' or 'DE'.");
            else if (!configured.TryAdd(normalized, (setting, value ?? new JurisdictionCalendarSettings())))
                problems.Add($"{setting}: '{normalized}' is configured twice.");
        }

        var specs = new Dictionary<string, CalendarSpec>(StringComparer.Ordinal);
        var keys = BuiltIn.Keys.Concat(configured.Keys).Distinct()
            .OrderBy(k => k.Contains('-')).ThenBy(k => k, StringComparer.Ordinal); // countries before their subdivisions
        foreach (var key in keys)
        {
            var dash = key.IndexOf('-');
            CalendarSpec? inherited = dash > 0 ? specs.GetValueOrDefault(key[..dash]) : null;
            // A built-in calendar is changed where it is overridden, so its problems name that setting.
            if (BuiltIn.TryGetValue(key, out var builtIn)) inherited = Merge(inherited, builtIn, $"{section}:Jurisdictions:{key}", key, problems);
            var spec = configured.TryGetValue(key, out var own) ? Merge(inherited, own.Value, own.Setting, key, problems) : inherited;
            if (spec is not null) specs[key] = spec;
        }

        var holidayYears = (settings.HolidaysFrom, settings.HolidaysThrough);
        foreach (var spec in specs.Values)
        {
            if (!BusinessCalendar.IsKnownTimeZone(spec.TimeZone))
                problems.Add($"{spec.TimeZoneSetting}:TimeZone '{spec.TimeZone}' is not a time zone this machine knows: use an IANA id such as 'America/New_York' (the tzdata package provides them).");
            if (HolidayRules.Years(spec.Rules) is { } valid && (holidayYears.HolidaysFrom < valid.First || holidayYears.HolidaysThrough > valid.Last))
                problems.Add($"{spec.RulesSetting}:HolidayRules '{spec.Rules}' are computed for {valid.First}–{valid.Last}: set {section}:HolidaysFrom and HolidaysThrough within them.");
        }

        var defaultKey = settings.Default?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(defaultKey))
        {
            var dash = defaultKey.IndexOf('-');
            if (!specs.ContainsKey(defaultKey) && !(dash > 0 && specs.ContainsKey(defaultKey[..dash])))
                problems.Add($"{section}:Default '{settings.Default}' has no calendar: use one of {string.Join(", ", specs.Keys.Order(StringComparer.Ordinal))} or leave it unset for UTC weekdays.");
        }
        if (problems.Count > 0) return (null, problems.Distinct().ToList());

        var calendars = specs.ToDictionary(s => s.Key, s => s.Value.ToCalendar(s.Key, settings.HolidaysFrom, settings.HolidaysThrough), StringComparer.Ordinal);
        var registry = new BusinessCalendars(calendars, BusinessCalendar.UtcWeekdays);
        return (string.IsNullOrEmpty(defaultKey) ? registry : new BusinessCalendars(calendars, registry.For(defaultKey)), problems);
    }

    private static CalendarSpec? Merge(CalendarSpec? inherited, JurisdictionCalendarSettings own, string setting, string key, List<string> problems)
    {
        var (zone, zoneSetting) = own.TimeZone?.Trim() is { Length: > 0 } id ? (id, setting)
            : inherited is not null ? (inherited.TimeZone, inherited.TimeZoneSetting)
            : (null, setting);
        if (zone is null)
        {
            problems.Add($"{setting}:TimeZone is required: {key} has no built-in or country calendar to take one from (an IANA id such as 'Europe/Berlin').");
            return null;
        }

        var hours = inherited?.Hours ?? WorkingHours.NineToSix;
        if (own.WorkingHours is not null && !WorkingHours.TryParse(own.WorkingHours, out hours))
            problems.Add($"{setting}:WorkingHours '{own.WorkingHours}' must be local hours \"HH:mm-HH:mm\" starting before they end, such as \"09:00-18:00\".");

        var weekend = inherited?.Weekend ?? [DayOfWeek.Saturday, DayOfWeek.Sunday];
        if (own.Weekend is not null)
        {
            var days = new List<DayOfWeek>();
            foreach (var name in own.Weekend)
            {
                if (EnumNames.TryParse<DayOfWeek>(name, out var day)) days.Add(day);
                else problems.Add($"{setting}:Weekend '{name}' is not a day of the week such as 'Saturday'.");
            }
            if (days.Distinct().Count() == 7) problems.Add($"{setting}:Weekend names every day: leave at least one working day.");
            weekend = days;
        }

        var rules = inherited?.Rules ?? HolidayRules.None;
        var rulesSetting = inherited?.RulesSetting ?? setting;
        if (own.HolidayRules is not null)
        {
            if (HolidayRules.IsKnown(own.HolidayRules)) (rules, rulesSetting) = (own.HolidayRules.Trim().ToLowerInvariant(), setting);
            else problems.Add($"{setting}:HolidayRules '{own.HolidayRules}' are not known: use {string.Join(", ", HolidayRules.Names.Select(n => $"'{n}'"))}.");
        }

        return new CalendarSpec(zone, zoneSetting, hours, weekend, rules, rulesSetting,
            [.. inherited?.Extra ?? [], .. Entries(own.ExtraHolidays, $"{setting}:ExtraHolidays", problems)],
            [.. inherited?.Removed ?? [], .. Entries(own.RemovedHolidays, $"{setting}:RemovedHolidays", problems)]);
    }

    private static IEnumerable<HolidayEntry> Entries(List<string>? values, string setting, List<string> problems)
    {
        foreach (var value in values ?? [])
        {
            var text = value?.Trim();
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                yield return new HolidayEntry(date.Year, date.Month, date.Day);
            else if (DateOnly.TryParseExact($"2000-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var yearly))
                yield return new HolidayEntry(null, yearly.Month, yearly.Day);
            else
                problems.Add($"{setting}: '{value}' is not a date: use \"2026-12-24\" (once) or \"12-31\" (every year).");
        }
    }

    /// <summary>A date off (or back on) in one year, or every year when <see cref="Year"/> is null.</summary>
    private sealed record HolidayEntry(int? Year, int Month, int Day)
    {
        public IEnumerable<DateOnly> Dates(int firstYear, int lastYear) => Year is { } year
            ? [new DateOnly(year, Month, Day)]
            : Enumerable.Range(firstYear, lastYear - firstYear + 1).Where(y => Day <= DateTime.DaysInMonth(y, Month)).Select(y => new DateOnly(y, Month, Day));
    }

    private sealed record CalendarSpec(string TimeZone, string TimeZoneSetting, WorkingHours Hours, IReadOnlyList<DayOfWeek> Weekend, string Rules, string RulesSetting,
        IReadOnlyList<HolidayEntry> Extra, IReadOnlyList<HolidayEntry> Removed)
    {
        public BusinessCalendar ToCalendar(string name, int firstYear, int lastYear)
        {
            var dates = HolidayRules.Between(Rules, firstYear, lastYear).Select(h => h.Date)
                .Concat(Extra.SelectMany(e => e.Dates(firstYear, lastYear)))
                .Except(Removed.SelectMany(e => e.Dates(firstYear, lastYear)));
            return new BusinessCalendar(name, TimeZone, Hours, Weekend, dates.ToList());
        }
    }
}
