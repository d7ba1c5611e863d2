namespace SecondOpinion.Core.Matching;

/// <summary>
/// Who may give an opinion on a case, by where the patient is (ISO 3166: "US-TX", "JP", "JP-13", "DE").
/// Medical licences are issued where licensure works in each country: in the United States and
/// Canada by each state or province (a Texas patient needs a Texas licence; there is no national US
/// licence), in Japan and most other countries nationally (a Japanese licence, "JP", covers every
/// prefecture). A licence always covers its own jurisdiction exactly.
/// </summary>
public static class Licensure
{
    /// <summary>Countries whose medical licences are issued per subdivision (state, province), never nationally.</summary>
    public static readonly IReadOnlySet<string> LicensedBySubdivision = new HashSet<string>(["US", "CA"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Countries known to license nationally only: an entry names the country, not a subdivision.</summary>
    public static readonly IReadOnlySet<string> LicensedNationally = new HashSet<string>(["JP"], StringComparer.OrdinalIgnoreCase);

    private static string CountryOf(string code) => code.Split('-')[0];

    /// <summary>Whether a licence for <paramref name="licence"/> lets its holder review a case from <paramref name="jurisdiction"/>.</summary>
    public static bool Covers(string licence, string jurisdiction)
    {
        if (string.Equals(licence, jurisdiction, StringComparison.OrdinalIgnoreCase)) return true;
        var country = CountryOf(jurisdiction);
        // A national licence covers the country's subdivisions, except where licensure is by subdivision.
        return !licence.Contains('-') && string.Equals(licence, country, StringComparison.OrdinalIgnoreCase) && !LicensedBySubdivision.Contains(country);
    }

    public static bool IsLicensedIn(Specialist s, string jurisdiction) => s.LicensedJurisdictions.Any(l => Covers(l, jurisdiction));

    /// <summary>Why a directory entry cannot hold <paramref name="licence"/> (upper-case ISO 3166), or null when it can.</summary>
    public static string? LicenceProblem(string licence)
    {
        var country = CountryOf(licence);
        if (!licence.Contains('-') && LicensedBySubdivision.Contains(country))
            return $"'{licence}': licences in {country} are issued per state or province; name it as ISO 3166-2, such as {country}-{(country == "US" ? "TX" : "ON")}.";
        if (licence.Contains('-') && LicensedNationally.Contains(country))
            return $"'{licence}': {country} licenses doctors nationally; use '{country}'.";
        return null;
    }

    /// <summary>Why a case from <paramref name="jurisdiction"/> (upper-case ISO 3166) could never be matched, or null.</summary>
    public static string? CaseJurisdictionProblem(string jurisdiction) =>
        !jurisdiction.Contains('-') && LicensedBySubdivision.Contains(jurisdiction)
            ? $"Name the state or province, such as '{jurisdiction}-{(jurisdiction == "US" ? "OH" : "ON")}': reviewers are licensed per state in {jurisdiction}."
            : null;
}
