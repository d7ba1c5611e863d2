using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Matching;

/// <summary>
/// What a directory entry must hold, checked the same way for <c>PUT /api/ops/specialists/{id}</c> and
/// for the seeded directory: subspecialties from the fixed taxonomy only (<see cref="Subspecialties"/>),
/// licences as licensure works where they were issued (<see cref="Licensure"/>), and the rest well formed.
/// </summary>
public static class SpecialistEntries
{
    public const int MaxTimeOffPeriods = 50;

    public static bool IsWellFormedId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    /// <summary>The entry <paramref name="request"/> describes, normalised; or the field-level errors.</summary>
    public static (Specialist? Specialist, ValidationErrors Errors) Validate(string specialistId, SpecialistUpsertRequest? request)
    {
        var errors = new ValidationErrors();
        if (request is null) { errors.Add("body", "A JSON body is required."); return (null, errors); }
        if (!IsWellFormedId(specialistId)) errors.Add("id", "Use 1–64 letters, digits, '-' or '_'.");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors.Add("name", "Required, at most 200 characters.");
        if (ValidateList(errors, "subspecialties", request.Subspecialties, s => s.Length <= 64 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'),
                "lower-case words joined by '-', such as 'medical-oncology'"))
        {
            var unknown = request.Subspecialties!.Select(s => s.Trim().ToLowerInvariant()).Where(s => !Subspecialties.IsKnown(s)).Distinct().ToList();
            if (unknown.Count > 0)
                errors.Add("subspecialties", $"Not in the subspecialty taxonomy: {string.Join(", ", unknown)}. Allowed (GET /api/subspecialties): {string.Join(", ", Subspecialties.All.Select(s => s.Id))}.");
        }
        if (ValidateList(errors, "licensedJurisdictions", request.LicensedJurisdictions, s => CaseRequestValidator.IsJurisdiction(s.ToUpperInvariant()),
                "ISO 3166 codes such as 'US-OH', 'JP' or 'DE'"))
        {
            foreach (var problem in request.LicensedJurisdictions!.Select(l => Licensure.LicenceProblem(l.Trim().ToUpperInvariant())).OfType<string>().Distinct())
                errors.Add("licensedJurisdictions", problem);
        }
        ValidateList(errors, "languages", request.Languages, s => CaseRequestValidator.IsLanguage(s.ToLowerInvariant()), "language tags such as 'en' or 'es'");
        if (request.Affiliations is { } affiliations && affiliations.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > 64)) errors.Add("affiliations", "Hospital ids of 1–64 characters.");
        if (request.BoardCertifications is { } boards && (boards.Count > 20 || boards.Any(b => string.IsNullOrWhiteSpace(b) || b.Length > 200)))
            errors.Add("boardCertifications", "At most 20 certifications of 1–200 characters.");
        if (request.TimeOff is { } periods)
        {
            if (periods.Count > MaxTimeOffPeriods) errors.Add("timeOff", $"At most {MaxTimeOffPeriods} periods.");
            else if (periods.Any(p => p is null || p.Until <= p.From)) errors.Add("timeOff", "Each period needs 'from' before 'until'.");
        }
        if (request.MaxActiveCases is < 1 or > 100) errors.Add("maxActiveCases", "From 1 to 100.");
        if (request.YearsExperience is < 0 or > 70) errors.Add("yearsExperience", "From 0 to 70.");
        if (request.MedianTurnaroundHours is < 0) errors.Add("medianTurnaroundHours", "Must not be negative.");
        if (request.Email is { } email && !string.IsNullOrWhiteSpace(email) && (email.Trim().Length > 254 || !CaseRequestValidator.IsEmail(email.Trim()))) errors.Add("email", "A valid e-mail address.");
        if (request.TimeZone is { } zone && !string.IsNullOrWhiteSpace(zone) && !BusinessCalendar.IsKnownTimeZone(zone.Trim()))
            errors.Add("timeZone", "An IANA time zone such as America/New_York or Asia/Tokyo.");
        if (errors.Any) return (null, errors);
        return (new Specialist
        {
            Id = specialistId,
            Name = request.Name!.Trim(),
            Subspecialties = request.Subspecialties!.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList(),
            LicensedJurisdictions = request.LicensedJurisdictions!.Select(s => s.Trim().ToUpperInvariant()).Distinct().ToList(),
            Languages = request.Languages!.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList(),
            Affiliations = request.Affiliations?.Select(a => a.Trim()).ToList() ?? [],
            BoardCertifications = request.BoardCertifications?.Select(b => b.Trim()).ToList() ?? [],
            MaxActiveCases = request.MaxActiveCases ?? 5,
            Available = request.Available ?? true,
            TimeOff = request.TimeOff?.OrderBy(p => p.From).ToList() ?? [],
            UnavailableUntil = request.UnavailableUntil,
            YearsExperience = request.YearsExperience ?? 0,
            MedianTurnaroundHours = request.MedianTurnaroundHours ?? 48,
            Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? null : request.TimeZone.Trim(),
        }, errors);
    }

    /// <returns>Whether every entry is well formed (so the entries can be checked further).</returns>
    private static bool ValidateList(ValidationErrors errors, string field, IReadOnlyList<string>? values, Func<string, bool> valid, string expected)
    {
        if (values is not { Count: > 0 } || values.Count > 50) { errors.Add(field, "Between 1 and 50 entries."); return false; }
        if (values.Any(v => string.IsNullOrWhiteSpace(v) || !valid(v.Trim()))) { errors.Add(field, $"Each entry must be one of {expected}."); return false; }
        return true;
    }
}
