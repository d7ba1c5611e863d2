using System.Text.RegularExpressions;

namespace SecondOpinion.Core.Records;

/// <summary>An ICD-10-CM code as printed in a record, with the chapter it belongs to.</summary>
public sealed record Icd10Code(string Code, int Chapter, string ChapterTitle);

/// <summary>
/// Finds ICD-10-CM codes printed in record text and checks their form: a letter, two characters
/// (digits, or a digit and a letter), and optionally a dot with one to four more (C61, E11.9,
/// I35.0, S72.001A). A code without a dot counts only when the text labels it as one ("ICD-10: C61",
/// "Dx code C61"), so a vitamin name or a lab label is not taken for a code. The chapter comes from
/// the letter and the first two digits, by the block ranges of the ICD-10-CM tabular list (CDC/NCHS,
/// FY2025 edition); the list of valid codes itself is not shipped, so a well-formed code is
/// reported with its chapter, not looked up.
/// </summary>
public static partial class Icd10Codes
{
    // (first code, last code, chapter, title): the tabular list's chapter ranges.
    private static readonly (string From, string To, int Chapter, string Title)[] Chapters =
    [
        ("A00", "B99", 1, "Certain infectious and parasitic diseases"),
        ("C00", "D49", 2, "Neoplasms"),
        ("D50", "D89", 3, "Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism"),
        ("E00", "E89", 4, "Endocrine, nutritional and metabolic diseases"),
        ("F01", "F99", 5, "Mental, behavioral and neurodevelopmental disorders"),
        ("G00", "G99", 6, "Diseases of the nervous system"),
        ("H00", "H59", 7, "Diseases of the eye and adnexa"),
        ("H60", "H95", 8, "Diseases of the ear and mastoid process"),
        ("I00", "I99", 9, "Diseases of the circulatory system"),
        ("J00", "J99", 10, "Diseases of the respiratory system"),
        ("K00", "K95", 11, "Diseases of the digestive system"),
        ("L00", "L99", 12, "Diseases of the skin and subcutaneous tissue"),
        ("M00", "M99", 13, "Diseases of the musculoskeletal system and connective tissue"),
        ("N00", "N99", 14, "Diseases of the genitourinary system"),
        ("O00", "O9A", 15, "Pregnancy, childbirth and the puerperium"),
        ("P00", "P96", 16, "Certain conditions originating in the perinatal period"),
        ("Q00", "Q99", 17, "Congenital malformations, deformations and chromosomal abnormalities"),
        ("R00", "R99", 18, "Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified"),
        ("S00", "T88", 19, "Injury, poisoning and certain other consequences of external causes"),
        ("U00", "U85", 22, "Codes for special purposes"),
        ("V00", "Y99", 20, "External causes of morbidity"),
        ("Z00", "Z99", 21, "Factors influencing health status and contact with health services"),
    ];

    [GeneratedRegex(@"\b([A-Z])(\d)([0-9A-Z])(?:\.([0-9A-Z]{1,4}))?\b")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"(ICD[- ]?10(?:[- ]?CM)?|diagnosis code|dx code|dx)\s*[:#]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelBefore();

    /// <summary>A dotted circulatory code whose leading I an OCR engine read as 1 or l ("125.10" for I25.10).</summary>
    [GeneratedRegex(@"(?<![\w.])[1l](\d\d)\.(\d{1,4})\b")]
    private static partial Regex MisreadCirculatoryPattern();

    /// <summary>Words that put a line in a diagnosis statement, where a misread code is still taken as a code.</summary>
    [GeneratedRegex(@"\b(diagnos[ie]s|impression|assessment|icd|dx|code)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DiagnosisLine();

    /// <summary>The chapter of a well-formed code's category (its first three characters); null when it falls in none.</summary>
    public static (int Chapter, string Title)? ChapterOf(string code)
    {
        if (code.Length < 3) return null;
        var category = code[..3].ToUpperInvariant();
        foreach (var (from, to, chapter, title) in Chapters)
            if (string.CompareOrdinal(category, from) >= 0 && string.CompareOrdinal(category, to) <= 0) return (chapter, title);
        return null;
    }

    /// <summary>
    /// The case category a code points at, by the tabular list's blocks: neoplasms (C00–D49) oncology; the circulatory
    /// chapter cardiac, except cerebrovascular diseases (I60–I69), which are neurological, as are the nervous system
    /// chapter (G00–G99, but carpal tunnel syndrome G56.0 is treated by hand surgeons) and convulsions (R56); diabetes
    /// mellitus (E08–E13) diabetes, except its ophthalmic complications (4th character 3), which are ocular, as is the
    /// eye chapter (H00–H59); the musculoskeletal chapter (M00–M99) and injuries below the head (S10–S99) orthopedic;
    /// personal and family history of malignant neoplasm (Z85, Z80) oncology.
    /// </summary>
    public static string? CategoryOf(string code)
    {
        if (code.Length < 3) return null;
        var c = code.ToUpperInvariant();
        var letter = c[0];
        if (!int.TryParse(c.AsSpan(1, 2), out var block)) return letter == 'C' ? FactCategories.Oncology : null;
        return letter switch
        {
            'C' => FactCategories.Oncology,
            'D' when block <= 49 => FactCategories.Oncology,
            'E' when block is >= 8 and <= 13 => c.Length > 4 && c[4] == '3' ? FactCategories.Ocular : FactCategories.Diabetes,
            'G' when c.StartsWith("G56", StringComparison.Ordinal) => FactCategories.Orthopedic,
            'G' => FactCategories.Neurology,
            'H' when block <= 59 => FactCategories.Ocular,
            'I' when block is >= 60 and <= 69 => FactCategories.Neurology,
            'I' => FactCategories.Cardiac,
            'M' => FactCategories.Orthopedic,
            'S' when block >= 10 => FactCategories.Orthopedic,
            'R' when block == 56 => FactCategories.Neurology,
            'Z' when block is 80 or 85 => FactCategories.Oncology,
            _ => null,
        };
    }

    /// <summary>The assertion a code itself carries: a personal history code (Z85, Z86, Z87) is historical, a family history code (Z80–Z84) about someone else.</summary>
    public static AssertionStatus? AssertionOf(string code)
    {
        var c = code.ToUpperInvariant();
        if (c.Length < 3 || c[0] != 'Z' || !int.TryParse(c.AsSpan(1, 2), out var block)) return null;
        return block switch
        {
            >= 80 and <= 84 => AssertionStatus.OtherPerson,
            >= 85 and <= 87 => AssertionStatus.Historical,
            _ => null,
        };
    }

    /// <summary>Every code in the text, in order, each once, with where it stands.</summary>
    public static IReadOnlyList<(Icd10Code Code, int Index, int Length)> Find(string text)
    {
        var found = new List<(Icd10Code, int, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in CodePattern().Matches(text))
        {
            // The second character is always a digit; a dotted code is a code, an undotted one needs its label.
            var dotted = m.Groups[4].Success;
            var labelled = LabelBefore().IsMatch(text[Math.Max(0, m.Index - 24)..m.Index]);
            // "(C61)" after a diagnosis: a category code alone in brackets is how reports print it.
            var bracketed = m.Index > 0 && text[m.Index - 1] is '(' or '[' or '（' && m.Index + m.Length < text.Length && text[m.Index + m.Length] is ')' or ']' or '）';
            if (!dotted && !labelled && !bracketed) continue;
            if (ChapterOf(m.Value) is not { } chapter) continue;
            if (seen.Add(m.Value)) found.Add((new Icd10Code(m.Value, chapter.Chapter, chapter.Title), m.Index, m.Length));
        }
        foreach (Match m in MisreadCirculatoryPattern().Matches(text))
        {
            var lineStart = text.LastIndexOf('\n', Math.Max(0, m.Index - 1)) + 1;
            if (!DiagnosisLine().IsMatch(text[lineStart..m.Index])) continue;
            var code = $"I{m.Groups[1].Value}.{m.Groups[2].Value}";
            if (ChapterOf(code) is not { } chapter) continue;
            if (seen.Add(code)) found.Add((new Icd10Code(code, chapter.Chapter, chapter.Title), m.Index, m.Length));
        }
        found.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return found;
    }
}
