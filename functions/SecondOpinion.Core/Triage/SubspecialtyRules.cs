using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Triage;

/// <summary>
/// Which subspecialties a clinical fact asks for: by ICD-10-CM code prefix (printed or mapped from words), by
/// measurement name, or by procedure and medication name. Every id is in <see cref="Matching.Subspecialties"/>.
/// The reader of a finding is asked for as well as the treating specialty: a receptor panel asks for a breast
/// pathologist, BI-RADS for a breast imager, echo measurements for cardiac imaging, MRI lesion counts for a
/// neuroradiologist, a Kellgren-Lawrence grade for a musculoskeletal radiologist.
/// </summary>
public static class SubspecialtyRules
{
    public sealed record Rule(IReadOnlyList<string> Subspecialties, IReadOnlyList<string> Codes, IReadOnlyList<string> Measurements, IReadOnlyList<string> Names, Func<ClinicalFact, bool>? When = null);

    private static Rule R(string[] subspecialties, string[]? codes = null, string[]? measurements = null, string[]? names = null, Func<ClinicalFact, bool>? when = null) =>
        new(subspecialties, codes ?? [], measurements ?? [], names ?? [], when);

    public static readonly IReadOnlyList<Rule> All =
    [
        // Oncology
        R(["urologic-oncology"], codes: ["C61", "C64", "C65", "C66", "C67", "C62"], measurements: [MeasurementNames.Psa], names: ["prostatectomy", "androgen deprivation therapy", "enzalutamide"]),
        R(["urologic-oncology", "genitourinary-pathology"], measurements: [MeasurementNames.Gleason, MeasurementNames.GradeGroup]),
        R(["breast-oncology"], codes: ["C50", "D05"], names: ["mastectomy", "lumpectomy", "tamoxifen", "letrozole", "anastrozole", "trastuzumab"]),
        R(["breast-oncology", "breast-pathology"], measurements: [MeasurementNames.EstrogenReceptor, MeasurementNames.ProgesteroneReceptor, MeasurementNames.Her2]),
        R(["breast-pathology"], codes: ["C50", "D05"], when: f => f.Evidence.Contains("ductal", StringComparison.OrdinalIgnoreCase) || f.Evidence.Contains("lobular", StringComparison.OrdinalIgnoreCase) || f.Evidence.Contains("DCIS", StringComparison.Ordinal)),
        R(["breast-imaging"], measurements: [MeasurementNames.BiRads]),
        R(["thoracic-oncology"], codes: ["C33", "C34", "C38", "C45", "C78.0"]),
        R(["gastrointestinal-oncology"], codes: ["C15", "C16", "C17", "C18", "C19", "C20", "C21", "C22", "C23", "C24", "C25", "C78.7"]),
        R(["gynecologic-oncology"], codes: ["C51", "C52", "C53", "C54", "C55", "C56", "C57"]),
        R(["hematologic-oncology", "hematopathology"], codes: ["C81", "C82", "C83", "C84", "C85", "C86", "C88", "C90", "C91", "C92", "C93", "C94", "C95", "C96"]),
        R(["neuro-oncology", "neurosurgery"], codes: ["C70", "C71", "C72", "C79.3", "D32", "D33"]),
        R(["radiation-oncology"], codes: ["C79.5", "G95.2"], names: ["radiotherapy"]),
        R(["medical-oncology"], names: ["chemotherapy", "pembrolizumab"]),
        R(["surgical-oncology"], names: ["surgery"], when: f => f.Category is null or FactCategories.Oncology),
        R(["pathology"], codes: ["C80"], measurements: [MeasurementNames.HistologicGrade, MeasurementNames.Tnm, MeasurementNames.Ki67], names: ["biopsy"]),
        R(["orthopedic-oncology"], codes: ["C40", "C41", "C49"]),
        // Cardiac
        R(["cardiac-imaging"], measurements: [MeasurementNames.Lvef, MeasurementNames.AorticValveArea, MeasurementNames.MitralValveArea, MeasurementNames.ValveArea,
            MeasurementNames.MeanGradient, MeasurementNames.PeakGradient, MeasurementNames.PeakVelocity]),
        // ACC/AHA 2020 valvular heart disease guideline: the heart team (interventional cardiology and cardiac surgery) decides TAVR against surgical AVR.
        R(["interventional-cardiology", "cardiothoracic-surgery"], codes: ["I35", "I34", "I05", "I06", "I08"], names: ["transcatheter aortic valve replacement"]),
        R(["interventional-cardiology"], codes: ["I20", "I21", "I22", "I24", "I25"], names: ["percutaneous coronary intervention", "coronary angiography"],
            when: f => f.Measurement is null || f.Measurement.Site is not ("ICA" or "CCA")),
        R(["interventional-cardiology"], measurements: [MeasurementNames.Stenosis], when: f => f.Measurement!.Site is not ("ICA" or "CCA")),
        R(["cardiothoracic-surgery"], codes: ["I71"], names: ["coronary artery bypass graft", "valve replacement"]),
        R(["cardiothoracic-surgery"], measurements: [MeasurementNames.Stenosis], when: f => f.Measurement!.Site == "LM"),
        R(["electrophysiology"], codes: ["I47", "I48", "I49"], names: ["ablation", "pacemaker implantation"]),
        R(["heart-failure"], codes: ["I50", "I42", "I43"], names: ["sacubitril/valsartan"]),
        R(["heart-failure"], measurements: [MeasurementNames.Lvef], when: f => f.Measurement!.Value <= 40),
        // Neurological
        R(["epileptology"], codes: ["G40", "G41", "R56"], names: ["levetiracetam", "lamotrigine", "valproate", "carbamazepine"]),
        R(["neuroimmunology"], codes: ["G35", "G36", "G37"], measurements: [MeasurementNames.Edss], names: ["ocrelizumab", "natalizumab", "interferon beta"]),
        R(["neuroimmunology", "neuroradiology"], measurements: [MeasurementNames.T2Lesions, MeasurementNames.EnhancingLesions]),
        R(["movement-disorders"], codes: ["G20", "G21", "G25"], names: ["levodopa"]),
        R(["vascular-neurology"], codes: ["I60", "I61", "I62", "I63", "I65", "I66", "G45"], measurements: [MeasurementNames.Nihss], names: ["thrombectomy", "thrombolysis"]),
        R(["vascular-neurology"], measurements: [MeasurementNames.Stenosis], when: f => f.Measurement!.Site is "ICA" or "CCA"),
        R(["neurosurgery"], codes: ["I67.1", "G91", "G95.2", "G83.4"], names: ["craniotomy"]),
        R(["neuromuscular"], codes: ["G12", "G60", "G61", "G62", "G63", "G70", "E11.4", "E10.4"]),
        R(["neuro-ophthalmology"], codes: ["H46", "H47"]),
        // Diabetes and the kidney
        R(["endocrinology"], codes: ["E08", "E09", "E10", "E11", "E13"], measurements: [MeasurementNames.HbA1c, MeasurementNames.Glucose],
            names: ["metformin", "insulin", "semaglutide", "empagliflozin", "dapagliflozin", "sitagliptin"], when: f => f.Category != FactCategories.Ocular),
        R(["nephrology"], codes: ["N18", "N17", "E11.2", "E10.2"], measurements: [MeasurementNames.Uacr, MeasurementNames.Egfr, MeasurementNames.Creatinine], names: ["dialysis"]),
        R(["podiatry", "foot-and-ankle"], codes: ["E11.62", "E10.62"], names: ["amputation"]),
        // Ocular
        R(["retina"], codes: ["H30", "H31", "H32", "H33", "H34", "H35", "H36", "H43", "E11.31", "E11.32", "E11.33", "E11.34", "E11.35", "E10.3"],
            measurements: [MeasurementNames.CentralSubfieldThickness], names: ["vitrectomy", "intravitreal injection", "laser photocoagulation", "ranibizumab", "aflibercept"]),
        R(["glaucoma"], codes: ["H40", "H42"], measurements: [MeasurementNames.Iop], names: ["trabeculectomy", "latanoprost", "timolol"]),
        R(["cornea"], codes: ["H16", "H17", "H18"]),
        // Orthopedic
        R(["joint-replacement"], codes: ["M16", "M17", "M87"], measurements: [MeasurementNames.Varus, MeasurementNames.Valgus, MeasurementNames.Womac],
            names: ["total knee arthroplasty", "total hip arthroplasty", "high tibial osteotomy"]),
        R(["joint-replacement", "musculoskeletal-radiology"], measurements: [MeasurementNames.KellgrenLawrence]),
        R(["spine-surgery"], codes: ["M40", "M41", "M43", "M47", "M48", "M50", "M51", "M54.1"], measurements: [MeasurementNames.CobbAngle, MeasurementNames.Odi],
            names: ["spinal fusion", "laminectomy", "discectomy"]),
        R(["sports-medicine"], codes: ["S83", "M23", "M75.1", "S43", "S46"], names: ["arthroscopy"]),
        R(["hand-surgery"], codes: ["G56", "S62", "M18"]),
        R(["rheumatology"], codes: ["M05", "M06", "M08", "M32", "M35", "M45"], names: ["methotrexate"]),
        R(["physical-medicine"], measurements: [MeasurementNames.RangeOfMotion]),
    ];

    /// <summary>The subspecialties one fact asks for, in rule order.</summary>
    public static IEnumerable<string> For(ClinicalFact fact)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in All)
        {
            if (!Matches(rule, fact)) continue;
            foreach (var s in rule.Subspecialties)
                if (seen.Add(s)) yield return s;
        }
    }

    private static bool Matches(Rule rule, ClinicalFact fact)
    {
        var hit = fact.Kind switch
        {
            FactKinds.Icd10 or FactKinds.Diagnosis => fact.Code is { } code && rule.Codes.Any(c => code.StartsWith(c, StringComparison.OrdinalIgnoreCase)),
            FactKinds.Measurement => fact.Measurement is { } m && rule.Measurements.Contains(m.Name),
            _ => rule.Names.Contains(fact.Value),
        };
        return hit && (rule.When is null || rule.When(fact));
    }
}
