using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Triage;

public enum Urgency { Routine, Expedited, Urgent }

/// <summary>
/// Why triage decided something: the <see cref="Finding"/> (a subspecialty id, <c>category:oncology</c>, or
/// <c>urgency:urgent</c>), the phrase that shows it and where it stands (<c>form:question</c>, <c>document:d01</c>).
/// When a clinical fact is the reason, its kind, value, code, assertion and its document, page and span are kept too.
/// </summary>
public sealed record TriageEvidence(string Finding, string Phrase, string Source)
{
    /// <summary>The urgency rule that fired (<see cref="UrgencyRules"/>), for urgency evidence.</summary>
    public string? Rule { get; init; }
    public string? FactKind { get; init; }
    public string? FactValue { get; init; }
    public string? Code { get; init; }
    public AssertionStatus? Assertion { get; init; }
    public string? DocumentId { get; init; }
    public int? Page { get; init; }
    public int? Start { get; init; }
    public int? Length { get; init; }

    /// <summary>"measurement lvef=25% (d01, page 2)": what the evidence is and where, for a reader who has the case.</summary>
    public string Describe() =>
        FactKind is null ? $"{Finding} ({Source})" : $"{FactKind} {FactValue}{(DocumentId is null ? $" ({Source})" : $" ({DocumentId}, page {Page})")}";
}

/// <summary>How much the asserted facts speak for one category.</summary>
public sealed record CategoryScore(CaseCategory Category, double Score);

/// <summary>
/// The form names one category and the records clearly point at another: both sides, for the medical director.
/// <see cref="Evidence"/> holds only fact kinds and codes or measurement names (no phrases), so it may travel in a flag.
/// </summary>
public sealed record CategoryMismatch(CaseCategory Form, CaseCategory Records, double FormScore, double RecordsScore, IReadOnlyList<string> Evidence)
{
    public string Describe() =>
        $"The form says {EnumNames.Of(Form)}; the records point at {EnumNames.Of(Records)} (evidence score {RecordsScore:0.#} against {FormScore:0.#}: {string.Join(", ", Evidence)}).";
}

/// <summary>
/// What triage decided. <see cref="Category"/> is the case's working category: the form's, or the records' when the
/// form says <see cref="CaseCategory.Other"/>. <see cref="InferredCategory"/> is what the asserted facts point at
/// (null when they point nowhere clearly); <see cref="Mismatch"/> is set when it clearly differs from the form's.
/// </summary>
public sealed record TriageResult(CaseCategory Category, IReadOnlyList<string> Subspecialties, Urgency Urgency, IReadOnlyList<TriageEvidence> Evidence)
{
    public CaseCategory? FormCategory { get; init; }
    public CaseCategory? InferredCategory { get; init; }
    public IReadOnlyList<CategoryScore> CategoryScores { get; init; } = [];
    public CategoryMismatch? Mismatch { get; init; }
}

/// <summary>What triage reads: the case form, and the clinical facts stored for each record (each fact names its document and page).</summary>
public sealed record TriageInput(CaseCategory Category, string Question, string? CurrentDiagnosis, string? ProposedTreatment, IReadOnlyList<ClinicalFact> RecordFacts);

/// <summary>
/// Decides which subspecialties must review a case, what it is about and how urgent it looks, from the asserted
/// clinical facts of the records and of the form's own text (read by the same extractor). Rules are explicit so
/// every decision keeps the fact that triggered it. A panel has between two and four seats: one reviewer is an
/// opinion, two make a second opinion you can reconcile.
/// <para>
/// Category: each fact that points at a category scores its kind's weight (a code or a named diagnosis 3, a
/// measurement 2, a procedure or medication 1) times its assertion's (present 1, possible 0.5, historical 0.25,
/// negated or someone else's 0); the form's own words count half, and a fact counts once however often it is
/// repeated. The records point at a category when it scores at least <see cref="MinCategoryScore"/> and more
/// than any other. When the form says <c>other</c>, that category is the case's; when the form names another one
/// and the records' category scores at least <see cref="MinCategoryScore"/> and at least twice the form's, the
/// case carries a <see cref="CategoryMismatch"/> for the medical director, and the panel gets a seat from each side.
/// </para>
/// </summary>
public static class TriageRules
{
    public const int MinSeats = 2;
    public const int MaxSeats = 4;
    public const double MinCategoryScore = 3;
    public const double FormWeight = 0.5;

    private static readonly Dictionary<CaseCategory, string> PrimarySubspecialty = new()
    {
        [CaseCategory.Oncology] = "medical-oncology",
        [CaseCategory.Cardiac] = "cardiology",
        [CaseCategory.Neurology] = "neurology",
        [CaseCategory.Diabetes] = "endocrinology",
        [CaseCategory.Ocular] = "ophthalmology",
        [CaseCategory.Orthopedic] = "orthopedic-surgery",
        [CaseCategory.Other] = "internal-medicine",
    };

    /// <summary>The specialty that gives a second view when the evidence asks for nothing more specific.</summary>
    private static readonly Dictionary<CaseCategory, string> SecondSeat = new()
    {
        [CaseCategory.Oncology] = "surgical-oncology",
        [CaseCategory.Cardiac] = "cardiothoracic-surgery",
        [CaseCategory.Neurology] = "neurosurgery",
        [CaseCategory.Diabetes] = "internal-medicine",
        [CaseCategory.Ocular] = "retina",
        [CaseCategory.Orthopedic] = "physical-medicine",
        [CaseCategory.Other] = "radiology",
    };

    /// <summary>Diagnostic subspecialties and the general one a specific one replaces on a panel.</summary>
    private static readonly Dictionary<string, string[]> SpecificOf = new()
    {
        ["pathology"] = ["breast-pathology", "genitourinary-pathology", "hematopathology", "neuropathology"],
        ["radiology"] = ["breast-imaging", "neuroradiology", "cardiac-imaging", "musculoskeletal-radiology", "nuclear-medicine"],
    };

    /// <summary>All subspecialties the rules can ask for, the primaries and second seats included (each is in <see cref="Subspecialties"/>).</summary>
    public static IReadOnlyCollection<string> EmittableSubspecialties =>
        PrimarySubspecialty.Values.Concat(SecondSeat.Values).Concat(SubspecialtyRules.All.SelectMany(r => r.Subspecialties)).Distinct().ToList();

    public static double WeightOf(ClinicalFact fact) => KindWeight(fact.Kind) * AssertionWeight(fact.Assertion);

    private static double KindWeight(string kind) => kind switch
    {
        FactKinds.Icd10 or FactKinds.Diagnosis => 3,
        FactKinds.Measurement => 2,
        _ => 1,
    };

    private static double AssertionWeight(AssertionStatus assertion) => assertion switch
    {
        AssertionStatus.Present => 1,
        AssertionStatus.Possible => 0.5,
        AssertionStatus.Historical => 0.25,
        _ => 0,
    };

    private sealed record SourcedFact(ClinicalFact Fact, string Source, double Weight, int Order);

    public static TriageResult Assess(TriageInput input)
    {
        var facts = Collect(input);
        var scores = ScoreCategories(facts);
        var ranked = scores.OrderByDescending(s => s.Score).ToList();
        CaseCategory? inferred = ranked.Count > 0 && ranked[0].Score >= MinCategoryScore && (ranked.Count == 1 || ranked[0].Score > ranked[1].Score)
            ? ranked[0].Category : null;
        var formScore = scores.FirstOrDefault(s => s.Category == input.Category)?.Score ?? 0;
        var category = input.Category == CaseCategory.Other ? inferred ?? CaseCategory.Other : input.Category;
        CategoryMismatch? mismatch = null;
        if (input.Category != CaseCategory.Other && inferred is { } records && records != input.Category)
        {
            var recordsScore = ranked[0].Score;
            if (recordsScore >= 2 * formScore)
                mismatch = new CategoryMismatch(input.Category, records, formScore, recordsScore,
                    CategoryFacts(facts, records).Select(f => $"{f.Fact.Kind} {f.Fact.Code ?? f.Fact.Measurement?.Name ?? f.Fact.Value}").Distinct().Take(8).ToList());
        }

        var evidence = new List<TriageEvidence>();
        var primary = PrimarySubspecialty[category];
        evidence.Add(input.Category != CaseCategory.Other || category == CaseCategory.Other
            ? new TriageEvidence(primary, EnumNames.Of(input.Category), "form:category")
            : new TriageEvidence(primary, EnumNames.Of(category), "records:category"));
        if (inferred is { } shown)
            evidence.AddRange(CategoryFacts(facts, shown).Take(6).Select(f => Evidence($"category:{EnumNames.Of(shown)}", f)));

        var panel = new List<string> { primary };
        if (mismatch is not null && !panel.Contains(PrimarySubspecialty[mismatch.Records])) panel.Add(PrimarySubspecialty[mismatch.Records]);
        var allowed = category == CaseCategory.Other
            ? null
            : new HashSet<CaseCategory> { category, mismatch?.Records ?? category };
        foreach (var (subspecialty, hit) in RankSubspecialties(facts, allowed))
        {
            if (!panel.Contains(subspecialty)) panel.Add(subspecialty);
            evidence.Add(Evidence(subspecialty, hit));
        }
        foreach (var (general, specific) in SpecificOf)
            if (panel.Any(specific.Contains)) panel.Remove(general);
        if (panel.Count < MinSeats && !panel.Contains(SecondSeat[category])) panel.Add(SecondSeat[category]);

        var (urgency, urgencyEvidence) = UrgencyRules.Assess(facts.Select(f => (f.Fact, f.Source)));
        evidence.AddRange(urgencyEvidence);

        return new TriageResult(category, panel.Take(MaxSeats).ToList(), urgency, evidence)
        {
            FormCategory = input.Category,
            InferredCategory = inferred,
            CategoryScores = ranked,
            Mismatch = mismatch,
        };
    }

    /// <summary>The form's facts first (question, diagnosis, treatment), then the records' in document, page and position order.</summary>
    private static List<SourcedFact> Collect(TriageInput input)
    {
        var facts = new List<SourcedFact>();
        foreach (var (source, text) in new[] { ("form:question", input.Question), ("form:currentDiagnosis", input.CurrentDiagnosis), ("form:proposedTreatment", input.ProposedTreatment) })
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            foreach (var fact in ClinicalFactExtractor.Extract(text, source))
                facts.Add(new SourcedFact(fact with { Location = null }, source, WeightOf(fact) * FormWeight, facts.Count));
        }
        foreach (var fact in input.RecordFacts
                     .OrderBy(f => f.Location?.DocumentId, StringComparer.Ordinal).ThenBy(f => f.Location?.Page).ThenBy(f => f.Location?.Start))
            facts.Add(new SourcedFact(fact, $"document:{fact.Location?.DocumentId}", WeightOf(fact), facts.Count));
        return facts;
    }

    private static CaseCategory? CategoryOf(ClinicalFact fact) =>
        fact.Category is { } name && EnumNames.TryParse<CaseCategory>(name, out var category) && category != CaseCategory.Other ? category : null;

    /// <summary>A fact counts once, at its heaviest mention.</summary>
    private static IEnumerable<SourcedFact> Distinct(IEnumerable<SourcedFact> facts) =>
        facts.Where(f => f.Weight > 0)
            .GroupBy(f => (f.Fact.Kind, f.Fact.Value))
            .Select(g => g.OrderByDescending(f => f.Weight).ThenBy(f => f.Order).First())
            .OrderBy(f => f.Order);

    private static List<CategoryScore> ScoreCategories(List<SourcedFact> facts) =>
        Distinct(facts).Where(f => CategoryOf(f.Fact) is not null)
            .GroupBy(f => CategoryOf(f.Fact)!.Value)
            .Select(g => new CategoryScore(g.Key, g.Sum(f => f.Weight)))
            .ToList();

    private static IEnumerable<SourcedFact> CategoryFacts(List<SourcedFact> facts, CaseCategory category) =>
        Distinct(facts).Where(f => CategoryOf(f.Fact) == category).OrderByDescending(f => f.Weight).ThenBy(f => f.Order);

    /// <summary>Subspecialties the evidence asks for, heaviest first (ties: first seen), each with its first fact.</summary>
    private static IEnumerable<(string Subspecialty, SourcedFact Hit)> RankSubspecialties(List<SourcedFact> facts, HashSet<CaseCategory>? allowed)
    {
        var scores = new Dictionary<string, (double Score, SourcedFact First)>();
        foreach (var fact in Distinct(facts))
        {
            foreach (var subspecialty in SubspecialtyRules.For(fact.Fact))
            {
                if (allowed is not null && Subspecialties.Find(subspecialty) is { } known && !known.Categories.Any(allowed.Contains)) continue;
                scores[subspecialty] = scores.TryGetValue(subspecialty, out var s) ? (s.Score + fact.Weight, s.First) : (fact.Weight, fact);
            }
        }
        return scores.OrderByDescending(s => s.Value.Score).ThenBy(s => s.Value.First.Order).Select(s => (s.Key, s.Value.First));
    }

    // The phrase itself, not the words around it: the evidence travels to the director's packet and the report, where a
    // record's other words (a name printed next to a value) must not follow it.
    internal static TriageEvidence Evidence(string finding, ClinicalFact fact, string source) => new(finding, fact.Evidence, source)
    {
        FactKind = fact.Kind,
        FactValue = fact.Value,
        Code = fact.Code,
        Assertion = fact.Assertion,
        DocumentId = fact.Location?.DocumentId,
        Page = fact.Location?.Page,
        Start = fact.Location?.Start,
        Length = fact.Location?.Length,
    };

    private static TriageEvidence Evidence(string finding, SourcedFact fact) => Evidence(finding, fact.Fact, fact.Source);
}
