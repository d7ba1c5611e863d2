using System.Text.RegularExpressions;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Records;

/// <summary>
/// Whether a record asserts a finding about the patient now: <see cref="Negated"/> ("no evidence of
/// metastasis"), <see cref="Possible"/> ("cannot exclude", "suspicious for", or a hypothetical),
/// <see cref="Historical"/> ("history of"), <see cref="OtherPerson"/> ("mother had breast cancer").
/// </summary>
public enum AssertionStatus { Present, Negated, Possible, Historical, OtherPerson }

/// <summary>Where a fact was read: the document, the page (from 1) and the character span in that page's text.</summary>
public sealed record FactLocation(string DocumentId, int Page, int Start, int Length);

/// <summary>A measured value: the number as printed, its unit, and a normalized form (for example <c>EF=35%</c>).</summary>
public sealed record MeasuredValue(string Name, double? Value, string? Unit, string Normalized);

/// <summary>
/// A clinical fact found in a record, with the phrase that shows it. <see cref="Code"/> is an
/// ICD-10-CM code or category when the fact names a diagnosis; <see cref="Category"/> the case
/// category the fact points at (oncology, cardiac, …) when it points at one.
/// </summary>
public sealed record ClinicalFact(string Kind, string Value, string Evidence)
{
    public AssertionStatus Assertion { get; init; } = AssertionStatus.Present;
    public FactLocation? Location { get; init; }
    public string? Code { get; init; }
    public string? Category { get; init; }
    public MeasuredValue? Measurement { get; init; }
    /// <summary>The engine that found the fact: <c>lexicon</c> (local, the default) or <c>text-analytics-for-health</c>.</summary>
    public string Engine { get; init; } = FactEngines.Lexicon;
}

public static class FactEngines
{
    public const string Lexicon = "lexicon";
    public const string TextAnalyticsForHealth = "text-analytics-for-health";
}

/// <summary>Finds the clinical facts in one record's pages. The local lexicon engine is the default.</summary>
public interface IClinicalFactEngine
{
    string Name { get; }

    Task<IReadOnlyList<ClinicalFact>> ExtractAsync(string documentId, IReadOnlyList<PageText> pages, CancellationToken ct = default);
}

/// <summary>
/// Pulls simple, explainable facts out of record text: named conditions, procedures, medications,
/// staging and lab values. Pure; a lexicon, not a model, so every fact points at its phrase.
/// </summary>
public static partial class ClinicalFactExtractor
{
    private static readonly (string Kind, string Term)[] Lexicon =
    [
        ("condition", "adenocarcinoma"), ("condition", "carcinoma"), ("condition", "lymphoma"), ("condition", "melanoma"),
        ("condition", "glioblastoma"), ("condition", "glioma"), ("condition", "meningioma"), ("condition", "metastasis"),
        ("condition", "metastatic"), ("condition", "tumor"), ("condition", "tumour"), ("condition", "malignant"),
        ("condition", "stenosis"), ("condition", "myocardial infarction"), ("condition", "atrial fibrillation"),
        ("condition", "heart failure"), ("condition", "coronary artery disease"), ("condition", "arrhythmia"),
        ("condition", "epilepsy"), ("condition", "seizure"), ("condition", "multiple sclerosis"), ("condition", "stroke"),
        ("condition", "parkinson"), ("condition", "diabetes"), ("condition", "diabetic retinopathy"), ("condition", "neuropathy"),
        ("condition", "glaucoma"), ("condition", "macular degeneration"), ("condition", "cataract"), ("condition", "retinal detachment"),
        ("condition", "fracture"), ("condition", "osteoarthritis"), ("condition", "herniated disc"), ("condition", "scoliosis"),
        ("condition", "torn meniscus"), ("condition", "rotator cuff tear"), ("condition", "aneurysm"),
        ("procedure", "prostatectomy"), ("procedure", "mastectomy"), ("procedure", "lumpectomy"), ("procedure", "biopsy"),
        ("procedure", "chemotherapy"), ("procedure", "radiotherapy"), ("procedure", "radiation therapy"), ("procedure", "craniotomy"),
        ("procedure", "bypass"), ("procedure", "stent"), ("procedure", "angioplasty"), ("procedure", "valve replacement"),
        ("procedure", "ablation"), ("procedure", "knee replacement"), ("procedure", "hip replacement"), ("procedure", "arthroscopy"),
        ("procedure", "spinal fusion"), ("procedure", "laminectomy"), ("procedure", "vitrectomy"), ("procedure", "trabeculectomy"),
        ("procedure", "surgery"), ("procedure", "resection"),
        ("medication", "metformin"), ("medication", "insulin"), ("medication", "tamoxifen"), ("medication", "warfarin"),
        ("medication", "apixaban"), ("medication", "levetiracetam"), ("medication", "statin"), ("medication", "pembrolizumab"),
    ];

    [GeneratedRegex(@"\b(?:gleason\s+(?:score\s+)?\d\s*\+\s*\d(?:\s*=\s*\d+)?|stage\s+(?:[0IV]{1,4}[ABC]?)\b|T[0-4][a-c]?N[0-3][a-c]?M[01])", RegexOptions.IgnoreCase)]
    private static partial Regex StagingPattern();

    [GeneratedRegex(@"\b(PSA|HbA1c|A1c|LDL|HDL|troponin|creatinine|eGFR|ejection fraction|EF|IOP)\b[\s:=]*(\d+(?:\.\d+)?)\s*(%|ng/mL|mg/dL|mmol/L|mmHg|ng/L)?", RegexOptions.IgnoreCase)]
    private static partial Regex LabPattern();

    public static IReadOnlyList<ClinicalFact> Extract(string text)
    {
        var facts = new List<ClinicalFact>();
        if (string.IsNullOrWhiteSpace(text)) return facts;
        var seen = new HashSet<(string, string)>();
        foreach (var (kind, term) in Lexicon)
        {
            var index = TextSearch.FindWholeWord(text, term);
            if (index < 0) continue;
            if (seen.Add((kind, term))) facts.Add(new ClinicalFact(kind, term, TextSearch.PhraseAround(text, index, term.Length, 40)));
        }
        foreach (Match m in StagingPattern().Matches(text))
        {
            var value = Regex.Replace(m.Value, @"\s+", " ").Trim();
            if (seen.Add(("staging", value.ToLowerInvariant()))) facts.Add(new ClinicalFact("staging", value, TextSearch.PhraseAround(text, m.Index, m.Length, 40)));
        }
        foreach (var (code, index, length) in Icd10Codes.Find(text))
            facts.Add(new ClinicalFact("icd10", $"{code.Code} (chapter {code.Chapter}: {code.ChapterTitle})", TextSearch.PhraseAround(text, index, length, 40)));
        foreach (Match m in LabPattern().Matches(text))
        {
            var value = $"{m.Groups[1].Value} {m.Groups[2].Value}{(m.Groups[3].Success ? " " + m.Groups[3].Value : "")}";
            if (seen.Add(("lab", value.ToLowerInvariant()))) facts.Add(new ClinicalFact("lab", value, TextSearch.PhraseAround(text, m.Index, m.Length, 40)));
        }
        return facts;
    }
}

/// <summary>The local fact engine: the lexicon and patterns of <see cref="ClinicalFactExtractor"/>, page by page.</summary>
public sealed class LexiconFactEngine : IClinicalFactEngine
{
    public string Name => FactEngines.Lexicon;

    public Task<IReadOnlyList<ClinicalFact>> ExtractAsync(string documentId, IReadOnlyList<PageText> pages, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ClinicalFact>>(pages
            .SelectMany(page => ClinicalFactExtractor.Extract(page.Text).Select(f => f with { Location = new FactLocation(documentId, page.Number, 0, 0) }))
            .ToList());
}
