using System.Globalization;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Infrastructure.Facts;

/// <summary>
/// Turns one Text Analytics for health document result into clinical facts. Pure: the page text
/// and where the document starts on the page are given, so every fact points at its phrase.
/// Categories (the service's healthcareEntityCategory) become fact kinds:
/// <list type="bullet">
/// <item>Diagnosis, SymptomOrSign → <c>condition</c></item>
/// <item>TreatmentName → <c>procedure</c>; ExaminationName → <c>procedure</c>, or <c>measurement</c> when a
/// ValueOfExamination relation gives it a MeasurementValue (and UnitOfExamination a MeasurementUnit)</item>
/// <item>MedicationName, MedicationClass → <c>medication</c></item>
/// <item>ConditionScale (stage, grade) → <c>staging</c></item>
/// </list>
/// Other categories (body structures, dosages, dates, people, …) are context, not facts. An ICD10CM
/// link becomes the fact's code, and the code's chapter its case category.
/// </summary>
public static class TextAnalyticsForHealthMapper
{
    public const string Icd10DataSource = "ICD10CM";
    private const int EvidenceContext = 40;

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["Diagnosis"] = FactKinds.Diagnosis,
        ["SymptomOrSign"] = FactKinds.Diagnosis,
        ["TreatmentName"] = FactKinds.Procedure,
        ["ExaminationName"] = FactKinds.Procedure,
        ["MedicationName"] = FactKinds.Medication,
        ["MedicationClass"] = FactKinds.Medication,
    };

    /// <summary>The service's examination names, as the platform's measurement names (<see cref="MeasurementNames"/>) where they are the same measurement.</summary>
    private static readonly Dictionary<string, string> MeasurementNamesByExamination = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ejection fraction"] = MeasurementNames.Lvef, ["lvef"] = MeasurementNames.Lvef, ["ef"] = MeasurementNames.Lvef,
        ["left ventricular ejection fraction"] = MeasurementNames.Lvef, ["aortic valve area"] = MeasurementNames.AorticValveArea,
        ["mean gradient"] = MeasurementNames.MeanGradient, ["peak velocity"] = MeasurementNames.PeakVelocity,
        ["psa"] = MeasurementNames.Psa, ["prostate specific antigen"] = MeasurementNames.Psa, ["hba1c"] = MeasurementNames.HbA1c,
        ["a1c"] = MeasurementNames.HbA1c, ["hemoglobin a1c"] = MeasurementNames.HbA1c, ["glucose"] = MeasurementNames.Glucose,
        ["egfr"] = MeasurementNames.Egfr, ["creatinine"] = MeasurementNames.Creatinine, ["ldl"] = MeasurementNames.Ldl,
        ["ki-67"] = MeasurementNames.Ki67, ["ki67"] = MeasurementNames.Ki67, ["gleason score"] = MeasurementNames.Gleason,
        ["intraocular pressure"] = MeasurementNames.Iop, ["iop"] = MeasurementNames.Iop, ["visual acuity"] = MeasurementNames.VisualAcuity,
    };

    public static IReadOnlyList<ClinicalFact> Map(string documentId, PageText page, int documentStart, HealthcareDocumentResult result)
    {
        var entities = result.Entities ?? [];
        var measured = Measurements(entities, result.Relations ?? []);
        var facts = new List<ClinicalFact>();
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            if (!Kinds.TryGetValue(entity.Category, out var kind)) continue;
            var code = entity.Links?.FirstOrDefault(l => string.Equals(l.DataSource, Icd10DataSource, StringComparison.OrdinalIgnoreCase))?.Id?.Trim();
            var fact = measured.TryGetValue(i, out var measurement)
                ? Measurement(documentId, page, documentStart, entity, entities[measurement.Value], measurement.Unit is { } u ? entities[u] : null)
                : Fact(kind, entity.Text.Trim(), documentId, page, documentStart, [entity]);
            facts.Add(fact with
            {
                Assertion = AssertionOf(entity.Assertion),
                Code = string.IsNullOrEmpty(code) ? null : code,
                Category = string.IsNullOrEmpty(code) ? null : Icd10Categories.CategoryNameOf(code),
                Engine = FactEngines.TextAnalyticsForHealth,
            });
        }
        return facts;
    }

    /// <summary>
    /// The service's assertion as the platform's one status. A negation wins; then a relative's
    /// finding (a mother's cancer must never read as the patient's possible or past one); then
    /// uncertainty (possible, or hypothetical/conditional, or expected in the future); then the past.
    /// </summary>
    public static AssertionStatus AssertionOf(HealthcareAssertion? assertion)
    {
        if (assertion is null) return AssertionStatus.Present;
        if (assertion.Certainty is "negative" or "negativePossible") return AssertionStatus.Negated;
        if (assertion.Association is "other") return AssertionStatus.OtherPerson;
        if (assertion.Certainty is "positivePossible" or "neutralPossible" || assertion.Conditionality is "hypothetical" or "conditional"
            || assertion.Temporality is "future") return AssertionStatus.Possible;
        if (assertion.Temporality is "past") return AssertionStatus.Historical;
        return AssertionStatus.Present;
    }

    /// <summary>The entity a relation pointer (<c>#/results/documents/0/entities/3</c>) names in this document, if it is one of them.</summary>
    public static int? EntityIndexOf(string pointer, int entityCount)
    {
        const string marker = "/entities/";
        var at = pointer.LastIndexOf(marker, StringComparison.Ordinal);
        return at >= 0 && int.TryParse(pointer.AsSpan(at + marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < entityCount
            ? index
            : null;
    }

    /// <summary>Examinations with a value (and maybe a unit), by the examination entity's index.</summary>
    private static Dictionary<int, (int Value, int? Unit)> Measurements(IReadOnlyList<HealthcareEntity> entities, IReadOnlyList<HealthcareRelation> relations)
    {
        var values = new Dictionary<int, int>();
        var units = new Dictionary<int, int>();
        foreach (var relation in relations)
        {
            var target = relation.RelationType switch { "ValueOfExamination" => values, "UnitOfExamination" => units, _ => null };
            if (target is null) continue;
            var members = (relation.Entities ?? []).Select(e => EntityIndexOf(e.Ref, entities.Count)).OfType<int>().ToList();
            // By category rather than role name: the examination is the ExaminationName, the other end its value or unit.
            var examination = members.Cast<int?>().FirstOrDefault(m => entities[m!.Value].Category == "ExaminationName");
            var other = members.Cast<int?>().FirstOrDefault(m => entities[m!.Value].Category is "MeasurementValue" or "MeasurementUnit");
            if (examination is { } exam && other is { } measure) target.TryAdd(exam, measure);
        }
        return values.ToDictionary(v => v.Key, v => (v.Value, units.TryGetValue(v.Key, out var unit) ? (int?)unit : null));
    }

    private static ClinicalFact Measurement(string documentId, PageText page, int documentStart, HealthcareEntity examination, HealthcareEntity value, HealthcareEntity? unit)
    {
        var name = MeasurementNamesByExamination.GetValueOrDefault(examination.Text.Trim(), examination.Text.Trim().ToLowerInvariant());
        var printed = value.Text.Trim();
        var unitText = unit?.Text.Trim();
        var normalized = $"{name}={printed}{unitText?.Replace(" ", "", StringComparison.Ordinal)}";
        double? number = double.TryParse(printed, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        HealthcareEntity[] parts = unit is null ? [examination, value] : [examination, value, unit];
        return Fact(FactKinds.Measurement, normalized, documentId, page, documentStart, parts) with
        {
            Measurement = new MeasuredValue(name, number, unitText, normalized),
        };
    }

    /// <summary>
    /// A fact located at the span its entities cover on the page. The location is kept only when
    /// every entity's span holds its text there: offsets that do not fit the page are not guessed at.
    /// </summary>
    private static ClinicalFact Fact(string kind, string value, string documentId, PageText page, int documentStart, IReadOnlyList<HealthcareEntity> parts)
    {
        var text = page.Text;
        var fits = parts.All(p => documentStart + p.Offset >= 0 && p.Length > 0 && documentStart + p.Offset + p.Length <= text.Length
            && string.CompareOrdinal(text, documentStart + p.Offset, p.Text, 0, p.Length) == 0);
        if (!fits) return new ClinicalFact(kind, value, parts[0].Text.Trim());
        var start = documentStart + parts.Min(p => p.Offset);
        var end = documentStart + parts.Max(p => p.Offset + p.Length);
        return new ClinicalFact(kind, value, TextSearch.PhraseAround(text, start, end - start, EvidenceContext))
        {
            Location = new FactLocation(documentId, page.Number, start, end - start),
        };
    }
}
