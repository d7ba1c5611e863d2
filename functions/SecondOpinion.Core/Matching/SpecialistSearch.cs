using System.Text;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Matching;

/// <summary>
/// Filters of <c>GET /api/ops/specialists</c>, each optional, all of them applying together:
/// <c>subspecialty</c> (a taxonomy id), <c>jurisdiction</c> (licensed to review a case from there, by the
/// matcher's rules: <c>JP-13</c> finds <c>JP</c> licences), <c>language</c> (primary tag), <c>available</c>
/// (true: taking cases now, neither marked unavailable nor on time off; false: the others), and <c>q</c>
/// (part of the name or id, any case).
/// </summary>
public sealed record SpecialistQuery(string? Subspecialty = null, string? Jurisdiction = null, string? Language = null, bool? Available = null, string? Text = null)
{
    /// <summary>The query as sent on the query string; null with field errors when a filter is unusable.</summary>
    public static SpecialistQuery? TryParse(string? subspecialty, string? jurisdiction, string? language, string? available, string? text, out IDictionary<string, string[]>? errors)
    {
        var problems = new ValidationErrors();
        subspecialty = Blank(subspecialty)?.ToLowerInvariant();
        if (subspecialty is not null && !Subspecialties.IsKnown(subspecialty))
            problems.Add("subspecialty", $"Not in the taxonomy; one of: {string.Join(", ", Subspecialties.All.Select(s => s.Id))}.");
        jurisdiction = Blank(jurisdiction)?.ToUpperInvariant();
        if (jurisdiction is not null && !CaseRequestValidator.IsJurisdiction(jurisdiction)) problems.Add("jurisdiction", "An ISO 3166 code such as 'US-TX' or 'JP'.");
        language = Blank(language)?.ToLowerInvariant();
        if (language is not null && !CaseRequestValidator.IsLanguage(language)) problems.Add("language", "A language tag such as 'en' or 'ja'.");
        bool? availableNow = null;
        if (Blank(available) is { } flag)
        {
            if (bool.TryParse(flag, out var parsed)) availableNow = parsed;
            else problems.Add("available", "true or false.");
        }
        text = Blank(text);
        if (text is { Length: > 100 }) problems.Add("q", "At most 100 characters.");
        errors = problems.Any ? problems.ToDictionary() : null;
        return problems.Any ? null : new SpecialistQuery(subspecialty, jurisdiction, language, availableNow, text);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Neither marked unavailable nor on time off at <paramref name="now"/>.</summary>
    public static bool IsAvailableAt(Specialist s, DateTimeOffset now) =>
        s.Available && !(s.UnavailableUntil > now) && !s.TimeOff.Any(p => p.From <= now && now < p.Until);

    public bool Matches(Specialist s, DateTimeOffset now) =>
        (Subspecialty is null || SpecialistMatcher.Practises(s, Subspecialty))
        && (Jurisdiction is null || Licensure.IsLicensedIn(s, Jurisdiction))
        && (Language is null || s.Languages.Any(l => string.Equals(l.Split('-')[0], Language.Split('-')[0], StringComparison.OrdinalIgnoreCase)))
        && (Available is not { } wanted || IsAvailableAt(s, now) == wanted)
        && (Text is null || s.Name.Contains(Text, StringComparison.OrdinalIgnoreCase) || s.Id.Contains(Text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One page of the directory: the entries, how many match in all, and the token of the next page (null on the last).</summary>
public sealed record SpecialistListing(IReadOnlyList<Specialist> Items, int Total, string? ContinuationToken);

/// <summary>
/// Pages of the directory in id order. The directory is one partition of hundreds of entries that the
/// matcher reads whole anyway, and its filters are on lists (subspecialties, licences, languages) that
/// the document store's equality queries cannot express; so a page is cut from one partition read.
/// The token is the last id of the page (keyset), so an entry added meanwhile neither repeats nor skips others.
/// </summary>
public static class SpecialistPages
{
    private const string Prefix = "after:";

    public static SpecialistListing Cut(IEnumerable<Specialist> directory, SpecialistQuery query, PageRequest page, DateTimeOffset now)
    {
        var after = page.ContinuationToken is { } token ? Decode(token) : null;
        var matching = directory.Where(s => query.Matches(s, now)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var rest = after is null ? matching : matching.Where(s => string.CompareOrdinal(s.Id, after) > 0).ToList();
        var items = rest.Take(page.Size).ToList();
        return new SpecialistListing(items, matching.Count, rest.Count > items.Count ? Encode(items[^1].Id) : null);
    }

    private static string Encode(string lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + lastId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && SpecialistEntries.IsWellFormedId(text[Prefix.Length..])) return text[Prefix.Length..];
        }
        catch (FormatException)
        {
        }
        throw new InvalidContinuationTokenException();
    }
}
