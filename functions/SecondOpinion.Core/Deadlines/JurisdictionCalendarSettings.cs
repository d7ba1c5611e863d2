namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// One jurisdiction under <c>Calendars:Jurisdictions</c> ("US", "JP", "US-CA", "DE"). Every field is
/// optional: an unset one keeps the built-in calendar's (US, JP) or, for a subdivision, its
/// country's. Extra and removed holidays add to the country's; a removal wins over an addition.
/// </summary>
public sealed record JurisdictionCalendarSettings
{
    /// <summary>IANA id, e.g. "America/Los_Angeles". Required for a country with no built-in calendar.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Local "HH:mm-HH:mm", e.g. "09:00-18:00".</summary>
    public string? WorkingHours { get; init; }

    /// <summary>Day names, e.g. ["Friday", "Saturday"]. Unset: Saturday and Sunday.</summary>
    public List<string>? Weekend { get; init; }

    /// <summary>The computed holidays: "us-federal", "jp-national" or "none" (see <see cref="Deadlines.HolidayRules"/>).</summary>
    public string? HolidayRules { get; init; }

    /// <summary>Dates off besides the rules: "2026-12-24" once, or "12-31" every year.</summary>
    public List<string>? ExtraHolidays { get; init; }

    /// <summary>Dates the rules give that are working days here, in the same forms.</summary>
    public List<string>? RemovedHolidays { get; init; }
}
