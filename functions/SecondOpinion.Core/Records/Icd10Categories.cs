using System.Text.Json;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Records;

/// <summary>
/// The case category an ICD-10-CM code points at, from the code's chapter and block (the tabular
/// list's ranges, as in <see cref="Icd10Codes"/>). Only codes that clearly belong to one category
/// get one: neoplasms (C00–D49) are oncology, whatever the organ; cerebrovascular disease (I60–I69)
/// and intracranial injury (S06) are neurology, not cardiac; only the diabetes mellitus blocks
/// (E08–E13) of the endocrine chapter are diabetes; fractures (the S?2 categories) are orthopedic.
/// Anything else (infections, symptoms, a well-formed code outside every chapter) has no category.
/// </summary>
public static class Icd10Categories
{
    private static readonly (string From, string To, CaseCategory Category)[] Blocks =
    [
        ("C00", "D49", CaseCategory.Oncology),
        ("E08", "E13", CaseCategory.Diabetes),
        ("G00", "G99", CaseCategory.Neurology),
        ("H00", "H59", CaseCategory.Ocular),
        ("I60", "I69", CaseCategory.Neurology),
        ("I00", "I99", CaseCategory.Cardiac),
        ("M00", "M99", CaseCategory.Orthopedic),
        ("Q20", "Q28", CaseCategory.Cardiac),
        ("S06", "S06", CaseCategory.Neurology),
    ];

    /// <summary>The category of a code (C61, E11.9, I63.9 …), or null when it points at none.</summary>
    public static CaseCategory? CategoryOf(string code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var trimmed = code.Trim().ToUpperInvariant();
        if (trimmed.Length < 3 || Icd10Codes.ChapterOf(trimmed) is null) return null;
        var category = trimmed[..3];
        // The first matching block wins: the narrower ranges are listed before the chapters they sit in.
        foreach (var (from, to, caseCategory) in Blocks)
            if (string.CompareOrdinal(category, from) >= 0 && string.CompareOrdinal(category, to) <= 0) return caseCategory;
        // S02, S12, … S92: the fracture categories of each body region in the injury chapter.
        if (category[0] == 'S' && char.IsAsciiDigit(category[1]) && category[2] == '2') return CaseCategory.Orthopedic;
        return null;
    }

    /// <summary>The category as the platform writes it (<c>oncology</c>, <c>cardiac</c>, …), or null.</summary>
    public static string? CategoryNameOf(string code) =>
        CategoryOf(code) is { } category ? JsonNamingPolicy.KebabCaseLower.ConvertName(category.ToString()) : null;
}
