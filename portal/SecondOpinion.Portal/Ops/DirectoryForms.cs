using System.Globalization;

namespace SecondOpinion.Portal.Ops;

/// <summary>One period of time off as typed (<c>datetime-local</c> values, the reader's own time zone).</summary>
public sealed class TimeOffInput
{
    public string From { get; set; } = "";
    public string Until { get; set; } = "";
}

/// <summary>
/// A directory entry as ops edit it, and the body of <c>PUT /api/ops/specialists/{id}</c>. The whole
/// entry is sent (the PUT replaces it). Numbers and times that do not parse are sent as typed, so the
/// API names the field; blanks are sent as absent.
/// </summary>
public sealed class SpecialistForm
{
    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public HashSet<string> Subspecialties { get; set; } = new(StringComparer.Ordinal);
    public string LicensedJurisdictions { get; set; } = "";
    public string Languages { get; set; } = "";
    public string Affiliations { get; set; } = "";
    public string BoardCertifications { get; set; } = "";
    public string MaxActiveCases { get; set; } = "5";
    public bool Available { get; set; } = true;
    public List<TimeOffInput> TimeOff { get; set; } = [];
    public string YearsExperience { get; set; } = "";
    public string MedianTurnaroundHours { get; set; } = "";
    public string TimeZone { get; set; } = "";
    /// <summary>The older "away until" date: not edited here, kept as it was.</summary>
    public DateTimeOffset? UnavailableUntil { get; set; }

    public static SpecialistForm From(SpecialistView s, TimeZoneInfo zone) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Email = s.Email ?? "",
        Subspecialties = new HashSet<string>(s.Subspecialties, StringComparer.Ordinal),
        LicensedJurisdictions = ListText.Join(s.LicensedJurisdictions),
        Languages = ListText.Join(s.Languages),
        Affiliations = ListText.Join(s.Affiliations),
        BoardCertifications = string.Join('\n', s.BoardCertifications),
        MaxActiveCases = s.MaxActiveCases.ToString(CultureInfo.InvariantCulture),
        Available = s.Available,
        TimeOff = s.TimeOff.Select(p => new TimeOffInput { From = Local(p.From, zone), Until = Local(p.Until, zone) }).ToList(),
        YearsExperience = s.YearsExperience.ToString(CultureInfo.InvariantCulture),
        MedianTurnaroundHours = s.MedianTurnaroundHours.ToString(CultureInfo.InvariantCulture),
        TimeZone = s.TimeZone ?? "",
        UnavailableUntil = s.UnavailableUntil,
    };

    public object ToRequest(TimeZoneInfo zone) => new
    {
        name = Blank(Name),
        subspecialties = Subspecialties.Order(StringComparer.Ordinal).ToList(),
        licensedJurisdictions = ListText.Split(LicensedJurisdictions),
        languages = ListText.Split(Languages),
        affiliations = ListText.Split(Affiliations),
        boardCertifications = ListText.Lines(BoardCertifications),
        maxActiveCases = Number(MaxActiveCases, integer: true),
        available = Available,
        unavailableUntil = UnavailableUntil,
        timeOff = TimeOff.Where(p => !string.IsNullOrWhiteSpace(p.From) || !string.IsNullOrWhiteSpace(p.Until))
            .Select(p => new { from = Instant(p.From, zone), until = Instant(p.Until, zone) }).ToList(),
        yearsExperience = Number(YearsExperience, integer: true),
        medianTurnaroundHours = Number(MedianTurnaroundHours, integer: false),
        email = Blank(Email),
        timeZone = Blank(TimeZone),
    };

    /// <summary>A <c>datetime-local</c> value in <paramref name="zone"/> as an instant with its offset; as typed when it does not parse.</summary>
    public static object? Instant(string? local, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(local)) return null;
        if (!DateTime.TryParse(local.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) return local.Trim();
        at = DateTime.SpecifyKind(at, DateTimeKind.Unspecified);
        return new DateTimeOffset(at, zone.GetUtcOffset(at));
    }

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private static object? Number(string? text, bool integer)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (integer && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        if (!integer && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return t;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A hospital as ops edit it, and the body of <c>PUT /api/ops/hospitals/{id}</c>; a contact with no field filled in is sent as none.</summary>
public sealed class HospitalForm
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Jurisdictions { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string ContactPhone { get; set; } = "";
    public bool Active { get; set; } = true;

    public static HospitalForm From(HospitalView h) => new()
    {
        Id = h.Id,
        Name = h.Name,
        Jurisdictions = ListText.Join(h.Jurisdictions),
        ContactName = h.Contact?.Name ?? "",
        ContactEmail = h.Contact?.Email ?? "",
        ContactPhone = h.Contact?.Phone ?? "",
        Active = h.Active,
    };

    public object ToRequest() => new
    {
        name = Blank(Name),
        jurisdictions = ListText.Split(Jurisdictions),
        contact = Blank(ContactName) is null && Blank(ContactEmail) is null && Blank(ContactPhone) is null ? null
            : new { name = Blank(ContactName), email = Blank(ContactEmail), phone = Blank(ContactPhone) },
        active = Active,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
