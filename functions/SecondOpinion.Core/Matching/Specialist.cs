namespace SecondOpinion.Core.Matching;

/// <summary>A reviewer in the specialist directory.</summary>
public sealed record Specialist
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Where offers, reminders and follow-up questions are e-mailed; without one the specialist is notified in the app only.</summary>
    public string? Email { get; init; }
    public required IReadOnlyList<string> Subspecialties { get; init; }
    /// <summary>Where the specialist is licensed (ISO 3166): US states as "US-TX", Japan as "JP"; see <see cref="Licensure"/>.</summary>
    public required IReadOnlyList<string> LicensedJurisdictions { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    /// <summary>Hospitals the specialist works for or with: a conflict of interest for their referrals.</summary>
    public IReadOnlyList<string> Affiliations { get; init; } = [];
    public int MaxActiveCases { get; init; } = 5;
    /// <summary>Board certifications as the boards name them ("ABIM Medical Oncology", "JSMO がん薬物療法専門医").</summary>
    public IReadOnlyList<string> BoardCertifications { get; init; } = [];
    /// <summary>Off the directory until further notice (unlike <see cref="TimeOff"/>, which has dates).</summary>
    public bool Available { get; init; } = true;
    /// <summary>Leave, conferences, holidays: periods in which the specialist takes no new review.</summary>
    public IReadOnlyList<TimeOffPeriod> TimeOff { get; init; } = [];
    /// <summary>The older single "away until" date; still honoured as time off that has begun.</summary>
    public DateTimeOffset? UnavailableUntil { get; init; }
    public int YearsExperience { get; init; }
    /// <summary>Median hours from offer to opinion, as measured by the platform.</summary>
    public double MedianTurnaroundHours { get; init; } = 48;
    /// <summary>IANA time zone the specialist works in; their windows count working hours there. Null: their first licence's calendar.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>A period away, from <see cref="From"/> up to (not including) <see cref="Until"/>.</summary>
public sealed record TimeOffPeriod(DateTimeOffset From, DateTimeOffset Until)
{
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => From < end && start < Until;
}

public sealed record SpecialistUpsertRequest(
    string? Name,
    IReadOnlyList<string>? Subspecialties,
    IReadOnlyList<string>? LicensedJurisdictions,
    IReadOnlyList<string>? Languages,
    IReadOnlyList<string>? Affiliations,
    int? MaxActiveCases,
    bool? Available,
    DateTimeOffset? UnavailableUntil,
    int? YearsExperience,
    double? MedianTurnaroundHours,
    string? Email = null,
    string? TimeZone = null,
    IReadOnlyList<string>? BoardCertifications = null,
    IReadOnlyList<TimeOffPeriod>? TimeOff = null)
{
    /// <summary>The request that would write <paramref name="s"/> as it is (the seeder checks its entries this way).</summary>
    public static SpecialistUpsertRequest From(Specialist s) => new(s.Name, s.Subspecialties, s.LicensedJurisdictions, s.Languages, s.Affiliations, s.MaxActiveCases,
        s.Available, s.UnavailableUntil, s.YearsExperience, s.MedianTurnaroundHours, s.Email, s.TimeZone, s.BoardCertifications, s.TimeOff);
}
