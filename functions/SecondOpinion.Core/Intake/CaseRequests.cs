using System.Text.RegularExpressions;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Intake;

public sealed record PatientInput(string? Name, string? DateOfBirth, string? Email, string? PreferredLanguage, string? Jurisdiction);

public sealed record ConsentInput(bool? Accepted, string? Version);

/// <summary>The body of <c>POST /api/cases</c>, as sent: everything optional until validated.</summary>
public sealed record CreateCaseRequest(
    PatientInput? Patient,
    ConsentInput? Consent,
    string? Category,
    string? Question,
    string? CurrentDiagnosis,
    string? ProposedTreatment,
    string? Tier);

/// <summary>Field-level validation errors, keyed by JSON path (RFC 7807 <c>errors</c> map).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    public bool Any => errors.Count > 0;
    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }
    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

public sealed record ValidatedCase(PatientDetails Patient, string ConsentVersion, CaseCategory Category, string Question, string? CurrentDiagnosis, string? ProposedTreatment, ServiceTier Tier);

public static partial class CaseRequestValidator
{
    public const int MaxTextLength = 4000;

    [GeneratedRegex(@"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")]
    private static partial Regex JurisdictionPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguagePattern();

    public static (ValidatedCase? Case, ValidationErrors Errors) Validate(CreateCaseRequest? request, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("body", "A JSON body is required.");
            return (null, errors);
        }

        var p = request.Patient;
        if (p is null) errors.Add("patient", "Patient details are required.");
        var name = Required(errors, "patient.name", p?.Name, 200);
        var email = Required(errors, "patient.email", p?.Email, 320);
        if (email is not null && !EmailPattern().IsMatch(email)) errors.Add("patient.email", "Must be an e-mail address.");
        var language = (p?.PreferredLanguage ?? "en").Trim();
        if (!LanguagePattern().IsMatch(language)) errors.Add("patient.preferredLanguage", "Must be a language tag such as 'en' or 'es'.");
        var jurisdiction = Required(errors, "patient.jurisdiction", p?.Jurisdiction?.ToUpperInvariant(), 10);
        if (jurisdiction is not null && !JurisdictionPattern().IsMatch(jurisdiction))
            errors.Add("patient.jurisdiction", "Must be an ISO 3166 code such as 'US-OH' or 'DE'.");
        else if (jurisdiction is not null && Matching.Licensure.CaseJurisdictionProblem(jurisdiction) is { } unmatched)
            errors.Add("patient.jurisdiction", unmatched);
        DateOnly dob = default;
        var dobText = Required(errors, "patient.dateOfBirth", p?.DateOfBirth, 10);
        if (dobText is not null)
        {
            if (!DateOnly.TryParseExact(dobText, "yyyy-MM-dd", out dob)) errors.Add("patient.dateOfBirth", "Must be a date as yyyy-MM-dd.");
            else if (dob > today) errors.Add("patient.dateOfBirth", "Must not be in the future.");
            else if (dob < today.AddYears(-130)) errors.Add("patient.dateOfBirth", "Is implausibly far in the past.");
        }

        if (request.Consent is not { Accepted: true })
            errors.Add("consent.accepted", "The patient must accept the consent to review their records.");
        var consentVersion = Required(errors, "consent.version", request.Consent?.Version, 40);

        CaseCategory category = CaseCategory.Other;
        if (string.IsNullOrWhiteSpace(request.Category)) errors.Add("category", "Required.");
        else if (!TryParseCategory(request.Category, out category))
            errors.Add("category", $"Must be one of: {string.Join(", ", Enum.GetNames<CaseCategory>().Select(n => n.ToLowerInvariant()))}.");

        var question = Required(errors, "question", request.Question, MaxTextLength);
        var diagnosis = Optional(errors, "currentDiagnosis", request.CurrentDiagnosis, MaxTextLength);
        var treatment = Optional(errors, "proposedTreatment", request.ProposedTreatment, MaxTextLength);

        ServiceTier tier = ServiceTier.Standard;
        if (request.Tier is not null && !ServiceTiers.TryParse(request.Tier, out tier))
            errors.Add("tier", "Must be one of: standard, expedited, urgent.");

        if (errors.Any) return (null, errors);
        return (new ValidatedCase(new PatientDetails(name!, dob, email!, language, jurisdiction!), consentVersion!, category, question!, diagnosis, treatment, tier), errors);
    }

    public static bool IsJurisdiction(string value) => JurisdictionPattern().IsMatch(value);

    public static bool IsLanguage(string value) => LanguagePattern().IsMatch(value);
    public static bool IsEmail(string value) => EmailPattern().IsMatch(value);

    public static bool TryParseCategory(string? value, out CaseCategory category)
    {
        return EnumNames.TryParse(value, out category);
    }

    private static string? Required(ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) { errors.Add(field, "Required."); return null; }
        return Optional(errors, field, value, maxLength);
    }

    private static string? Optional(ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength) { errors.Add(field, $"Must be at most {maxLength} characters."); return null; }
        return trimmed;
    }
}
