using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Triage;

/// <summary>
/// Urgency from critical findings and values, each rule with its clinical source. Only asserted facts count: a
/// negated finding ("no evidence of metastasis") or someone else's never does, a historical one neither; a possible
/// one ("cannot exclude cord compression") makes a case at most expedited, so a reviewer sees it soon without the
/// 24-hour promise of the urgent tier.
/// </summary>
public static class UrgencyRules
{
    public sealed record Rule(string Id, Urgency Level, Func<ClinicalFact, bool> Applies);

    private static bool Code(ClinicalFact f, params string[] prefixes) =>
        f.Kind is FactKinds.Icd10 or FactKinds.Diagnosis && f.Code is { } code && prefixes.Any(p => code.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private static bool Measured(ClinicalFact f, string name, Func<MeasuredValue, bool> test) =>
        f.Measurement is { } m && m.Name == name && test(m);

    public static readonly IReadOnlyList<Rule> All =
    [
        // Severe LV systolic dysfunction: LVEF < 30% (2022 AHA/ACC/HFSA heart failure guideline; the threshold of the
        // device and advanced-therapy decisions that a second opinion must not delay).
        new("lvef-below-30", Urgency.Urgent, f => Measured(f, MeasurementNames.Lvef, m => m.Value < 30)),
        // Severe aortic stenosis by haemodynamics: AVA < 1.0 cm², mean gradient ≥ 40 mmHg, or peak velocity ≥ 4 m/s
        // (2020 ACC/AHA valvular heart disease guideline, stage D; intervention is indicated once symptomatic).
        new("critical-aortic-stenosis", Urgency.Urgent, f =>
            Measured(f, MeasurementNames.AorticValveArea, m => m.Value < 1.0) || Measured(f, MeasurementNames.ValveArea, m => m.Value < 1.0)
            || Measured(f, MeasurementNames.MeanGradient, m => m.Value >= 40 && m.Site != "mitral") || Measured(f, MeasurementNames.PeakVelocity, m => m.Value >= 4.0)
            || (Code(f, "I35.0") && f.Evidence.Contains("critical", StringComparison.OrdinalIgnoreCase))),
        // Left main stenosis ≥ 50% (2021 ACC/AHA/SCAI coronary revascularization guideline: revascularization improves survival).
        new("left-main-stenosis", Urgency.Urgent, f => Measured(f, MeasurementNames.Stenosis, m => m.Site == "LM" && m.Value >= 50)),
        // Acute coronary syndromes (2025 ACC/AHA ACS guideline), acute heart failure (2021 ESC HF guideline: a medical emergency),
        // aortic dissection (2022 ACC/AHA aortic disease guideline), tamponade.
        new("acute-coronary-syndrome", Urgency.Urgent, f => Code(f, "I20.0", "I21", "I22")),
        new("acute-heart-failure", Urgency.Urgent, f => f.Kind == FactKinds.Diagnosis && f.Value == "acute decompensated heart failure"),
        new("aortic-dissection", Urgency.Urgent, f => Code(f, "I71.0")),
        new("cardiac-tamponade", Urgency.Urgent, f => Code(f, "I31.4")),
        // Metastatic disease: secondary neoplasms (C77–C79) or M1 (AJCC 8th edition); treatment intent changes.
        new("metastatic-disease", Urgency.Urgent, f => Code(f, "C77", "C78", "C79") || Measured(f, MeasurementNames.Tnm, m => m.Normalized.Contains("M1", StringComparison.Ordinal))),
        // Spinal cord compression and cauda equina syndrome (NICE NG234, 2023: MRI and a treatment plan within 24 hours).
        new("cord-compression", Urgency.Urgent, f => Code(f, "G95.2", "G83.4")),
        // Acute stroke and intracranial haemorrhage (2019 AHA/ASA acute ischemic stroke guideline; 2022 AHA/ASA ICH guideline).
        new("acute-stroke", Urgency.Urgent, f => (f.Kind == FactKinds.Diagnosis && f.Value == "acute cerebral infarction") || Code(f, "I60", "I61")),
        new("status-epilepticus", Urgency.Urgent, f => Code(f, "G40.901", "G41")),
        // IOP ≥ 40 mmHg and acute angle closure threaten the optic nerve within hours (AAO Preferred Practice Pattern, Primary Angle-Closure Disease 2020).
        new("iop-40-or-more", Urgency.Urgent, f => Measured(f, MeasurementNames.Iop, m => m.Value >= 40) || Code(f, "H40.21")),
        // Retinal detachment and central retinal artery occlusion (AAO PPP Posterior Vitreous Detachment, Retinal Breaks and Lattice
        // Degeneration 2019; AHA 2021 scientific statement: CRAO is a stroke equivalent).
        new("retinal-detachment", Urgency.Urgent, f => Code(f, "H33")),
        new("retinal-artery-occlusion", Urgency.Urgent, f => Code(f, "H34.1")),
        // Diabetic ketoacidosis (ADA 2024 consensus report on hyperglycemic crises).
        new("diabetic-ketoacidosis", Urgency.Urgent, f => Code(f, "E10.1", "E11.1")),
        // Expedited: HbA1c ≥ 10% or glucose ≥ 300 mg/dL (ADA Standards of Care 2025, section 9: start insulin promptly);
        // eGFR < 15 (KDIGO 2024 CKD guideline, G5: plan kidney replacement therapy).
        new("hba1c-10-or-more", Urgency.Expedited, f => Measured(f, MeasurementNames.HbA1c, m => m.Value >= 10) || Measured(f, MeasurementNames.Glucose, m => m.Value >= 300)),
        new("egfr-below-15", Urgency.Expedited, f => Measured(f, MeasurementNames.Egfr, m => m.Value < 15 && !m.Normalized.Contains('>'))),
        // High-risk prostate cancer: Gleason ≥ 8 / grade group ≥ 4, or PSA > 20 ng/mL (NCCN prostate cancer guideline, high-risk group).
        new("high-risk-prostate-cancer", Urgency.Expedited, f =>
            Measured(f, MeasurementNames.Gleason, m => m.Value >= 8) || Measured(f, MeasurementNames.GradeGroup, m => m.Value >= 4) || Measured(f, MeasurementNames.Psa, m => m.Value > 20)),
        // BI-RADS 5: highly suggestive of malignancy, tissue diagnosis without delay (ACR BI-RADS Atlas, 5th edition).
        new("bi-rads-5", Urgency.Expedited, f => Measured(f, MeasurementNames.BiRads, m => m.Value == 5)),
    ];

    /// <summary>The highest urgency the asserted facts call for, with the evidence of every rule that fired (the deciding one first).</summary>
    public static (Urgency Urgency, IReadOnlyList<TriageEvidence> Evidence) Assess(IEnumerable<(ClinicalFact Fact, string Source)> facts)
    {
        var hits = new List<(Urgency Level, TriageEvidence Evidence)>();
        var seen = new HashSet<(string, string)>();
        foreach (var (fact, source) in facts)
        {
            if (fact.Assertion is not (AssertionStatus.Present or AssertionStatus.Possible)) continue;
            foreach (var rule in All)
            {
                if (!rule.Applies(fact)) continue;
                var level = fact.Assertion == AssertionStatus.Possible && rule.Level == Urgency.Urgent ? Urgency.Expedited : rule.Level;
                if (!seen.Add((rule.Id, fact.Value))) continue;
                hits.Add((level, TriageRules.Evidence($"urgency:{level.ToString().ToLowerInvariant()}", fact, source) with { Rule = rule.Id }));
            }
        }
        if (hits.Count == 0) return (Urgency.Routine, []);
        var urgency = hits.Max(h => h.Level);
        return (urgency, hits.OrderByDescending(h => h.Level).Select(h => h.Evidence).ToList());
    }
}
