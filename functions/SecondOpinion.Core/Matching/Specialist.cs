namespace SecondOpinion.Core.Matching;

/// <summary>A reviewer in the specialist directory.</summary>
public sealed record Specialist
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Where offers, reminders and follow-up questions are e-mailed; without one the specialist is notified in the app only.</summary>
    public string? Email { get; init; }
    public required IReadOnlyList<string> Subspecialties { get; init; }
    /// <summary>ISO 3166 codes; a country code ("DE") covers all its subdivisions.</summary>
    public required IReadOnlyList<string> LicensedJurisdictions { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    /// <summary>Hospitals the specialist works for or with: a conflict of interest for their referrals.</summary>
    public IReadOnlyList<string> Affiliations { get; init; } = [];
    public int MaxActiveCases { get; init; } = 5;
    public bool Available { get; init; } = true;
    public DateTimeOffset? UnavailableUntil { get; init; }
    public int YearsExperience { get; init; }
    /// <summary>Median hours from offer to opinion, as measured by the platform.</summary>
    public double MedianTurnaroundHours { get; init; } = 48;
    /// <summary>IANA time zone the specialist works in; their windows count working hours there. Null: their first licence's calendar.</summary>
    public string? TimeZone { get; init; }
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
    string? TimeZone = null);
