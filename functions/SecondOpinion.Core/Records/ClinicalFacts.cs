using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Records;

/// <summary>
/// Whether a record asserts a finding about the patient now: <see cref="Negated"/> ("no evidence of
/// metastasis"), <see cref="Possible"/> ("cannot exclude", "suspicious for", or a hypothetical),
/// <see cref="Historical"/> ("history of"), <see cref="OtherPerson"/> ("mother had breast cancer").
/// Measurements are <see cref="Present"/> unless the record dates them (<see cref="Historical"/>: "prior EF 55%");
/// negation and experiencer apply to diagnoses, procedures and medications.
/// </summary>
public enum AssertionStatus { Present, Negated, Possible, Historical, OtherPerson }

/// <summary>Where a fact was read: the document, the page (from 1) and the character span in that page's text.</summary>
public sealed record FactLocation(string DocumentId, int Page, int Start, int Length);

/// <summary>
/// A measured value: the number as read, its unit, and a normalized form, written
/// <c>{name}[{site}]={value}{unit}</c> (the <c>[site]</c> part only when <see cref="Site"/> is set), for example
/// <c>lvef=35%</c>, <c>stenosis[LAD]=80%</c>, <c>iop[OD]=24mmHg</c>. <see cref="Name"/> is one of
/// <see cref="MeasurementNames"/>; <see cref="Value"/> is in the normalized unit (millimetres of a tumour become
/// centimetres, mmol/L of glucose mg/dL, …) and is null for a purely categorical result (TNM, receptor status).
/// </summary>
public sealed record MeasuredValue(string Name, double? Value, string? Unit, string Normalized)
{
    /// <summary>What the value is of, when that matters: the vessel of a stenosis (<c>LAD</c>), the eye (<c>OD</c>, <c>OS</c>, <c>OU</c>), the movement of a range of motion (<c>flexion</c>), the curve of a Cobb angle (<c>thoracic</c>).</summary>
    public string? Site { get; init; }
}

/// <summary>
/// A clinical fact found in a record, with the phrase that shows it. <see cref="Code"/> is an
/// ICD-10-CM code or category when the fact names a diagnosis; <see cref="Category"/> the case
/// category the fact points at (<see cref="FactCategories"/>) when it points at one.
/// <para>
/// The vocabulary every <see cref="IClinicalFactEngine"/> writes (the lexicon engine and the Text Analytics for Health adapter alike):
/// </para>
/// <list type="bullet">
/// <item><c>Kind</c> is one of <see cref="FactKinds"/>.</item>
/// <item><c>icd10</c>: a code printed in the record. <c>Value</c> and <c>Code</c> = the code as printed, upper case (<c>C61</c>, <c>E11.9</c>).</item>
/// <item><c>diagnosis</c>: a disorder named in words. <c>Value</c> = the ICD-10-CM title of its category, lower case
/// (<c>malignant neoplasm of prostate</c>), <c>Code</c> = that ICD-10-CM category or code (<c>C61</c>, <c>I35.0</c>).</item>
/// <item><c>procedure</c>, <c>medication</c>: <c>Value</c> = the canonical lower-case name (<c>prostatectomy</c>, <c>valve replacement</c>, <c>metformin</c>).</item>
/// <item><c>measurement</c>: <c>Value</c> = <see cref="MeasuredValue.Normalized"/>, <c>Measurement</c> set, <c>Measurement.Name</c> one of <see cref="MeasurementNames"/>.</item>
/// </list>
/// <see cref="Evidence"/> is the phrase as printed (whitespace collapsed); <see cref="Location"/> the document, page and
/// span of that phrase in the page's text (<c>page.Text.Substring(Start, Length)</c> is the phrase itself).
/// </summary>
public sealed record ClinicalFact(string Kind, string Value, string Evidence)
{
    public AssertionStatus Assertion { get; init; } = AssertionStatus.Present;
    public FactLocation? Location { get; init; }
    public string? Code { get; init; }
    public string? Category { get; init; }
    public MeasuredValue? Measurement { get; init; }
    /// <summary>The words around the phrase (up to 40 characters each side, within the page), whitespace collapsed: what a reader needs to see the assertion.</summary>
    public string? Context { get; init; }
    /// <summary>The engine that found the fact: <c>lexicon</c> (local, the default) or <c>text-analytics-for-health</c>.</summary>
    public string Engine { get; init; } = FactEngines.Lexicon;
}

public static class FactEngines
{
    public const string Lexicon = "lexicon";
    public const string TextAnalyticsForHealth = "text-analytics-for-health";
}

/// <summary>The kinds of <see cref="ClinicalFact"/>.</summary>
public static class FactKinds
{
    /// <summary>An ICD-10-CM code printed in the record.</summary>
    public const string Icd10 = "icd10";
    /// <summary>A disorder named in words, mapped to its ICD-10-CM category.</summary>
    public const string Diagnosis = "diagnosis";
    public const string Procedure = "procedure";
    public const string Medication = "medication";
    /// <summary>A measured or graded result: <see cref="ClinicalFact.Measurement"/> is set.</summary>
    public const string Measurement = "measurement";
}

/// <summary>The categories a fact may point at: the JSON names of <see cref="Intake.CaseCategory"/>.</summary>
public static class FactCategories
{
    public const string Oncology = "oncology";
    public const string Cardiac = "cardiac";
    public const string Neurology = "neurology";
    public const string Diabetes = "diabetes";
    public const string Ocular = "ocular";
    public const string Orthopedic = "orthopedic";
}

/// <summary>
/// The names of <see cref="MeasuredValue"/>, each with its unit and normalized form. Values are in the unit shown.
/// </summary>
public static class MeasurementNames
{
    /// <summary>Left ventricular ejection fraction, %: <c>lvef=35%</c>; a printed range keeps it (<c>lvef=30-35%</c>) and <c>Value</c> is its midpoint.</summary>
    public const string Lvef = "lvef";
    /// <summary>Aortic valve area, cm²: <c>aortic-valve-area=0.8cm2</c>.</summary>
    public const string AorticValveArea = "aortic-valve-area";
    /// <summary>Mitral valve area, cm²: <c>mitral-valve-area=1.2cm2</c>.</summary>
    public const string MitralValveArea = "mitral-valve-area";
    /// <summary>A valve area whose valve the phrase does not name, cm²: <c>valve-area=0.9cm2</c>.</summary>
    public const string ValveArea = "valve-area";
    /// <summary>Mean transvalvular gradient, mmHg: <c>mean-gradient=45mmHg</c>; Site <c>aortic</c> or <c>mitral</c> when named.</summary>
    public const string MeanGradient = "mean-gradient";
    /// <summary>Peak transvalvular gradient, mmHg: <c>peak-gradient=70mmHg</c>.</summary>
    public const string PeakGradient = "peak-gradient";
    /// <summary>Peak (jet) velocity, m/s (cm/s converted): <c>peak-velocity=4.2m/s</c>.</summary>
    public const string PeakVelocity = "peak-velocity";
    /// <summary>Stenosis of a vessel, % diameter: <c>stenosis[LAD]=80%</c>. Sites: <c>LM</c>, <c>LAD</c>, <c>LCx</c>, <c>RCA</c>, <c>D1</c>, <c>OM1</c>, <c>PDA</c>, <c>ICA</c>, <c>CCA</c>.</summary>
    public const string Stenosis = "stenosis";
    /// <summary>Tumour or mass size, cm (mm converted); <c>Value</c> the largest dimension: <c>tumor-size=2.3x1.8cm</c>.</summary>
    public const string TumorSize = "tumor-size";
    /// <summary>TNM stage, prefix kept (c, p, yp, r): <c>tnm=pT2N1M0</c>, <c>tnm=cT3N0M0</c>; no value.</summary>
    public const string Tnm = "tnm";
    /// <summary>Overall stage group in Roman numerals: <c>stage=IIB</c>; <c>Value</c> the number (2).</summary>
    public const string Stage = "stage";
    /// <summary>Histologic grade 1–3 (Nottingham, G1–G3, well/moderately/poorly differentiated): <c>histologic-grade=3</c>.</summary>
    public const string HistologicGrade = "histologic-grade";
    /// <summary>Estrogen receptor: <c>er=positive(95%)</c>, <c>er=negative</c>; <c>Value</c> the percentage of stained nuclei when printed.</summary>
    public const string EstrogenReceptor = "er";
    /// <summary>Progesterone receptor: <c>pr=positive(40%)</c>, <c>pr=negative</c>.</summary>
    public const string ProgesteroneReceptor = "pr";
    /// <summary>HER2: <c>her2=positive</c>, <c>her2=negative(IHC 1+)</c>, <c>her2=equivocal(IHC 2+)</c>, <c>her2=negative(IHC 2+, FISH not amplified)</c>; <c>Value</c> the IHC score 0–3 when printed.</summary>
    public const string Her2 = "her2";
    /// <summary>Ki-67 proliferation index, %: <c>ki67=20%</c>.</summary>
    public const string Ki67 = "ki67";
    /// <summary>BI-RADS assessment category 0–6 with its subcategory: <c>bi-rads=4C</c>; <c>Value</c> the number.</summary>
    public const string BiRads = "bi-rads";
    /// <summary>Gleason score, primary + secondary = sum: <c>gleason=3+4=7</c>; <c>Value</c> the sum.</summary>
    public const string Gleason = "gleason";
    /// <summary>ISUP grade group 1–5: <c>grade-group=2</c>.</summary>
    public const string GradeGroup = "grade-group";
    /// <summary>Prostate-specific antigen, ng/mL: <c>psa=6.8ng/mL</c>.</summary>
    public const string Psa = "psa";
    /// <summary>Glycated haemoglobin, % (NGSP; IFCC mmol/mol converted): <c>hba1c=9.1%</c>.</summary>
    public const string HbA1c = "hba1c";
    /// <summary>Blood glucose, mg/dL (mmol/L × 18.016): <c>glucose=180mg/dL</c>.</summary>
    public const string Glucose = "glucose";
    /// <summary>Estimated glomerular filtration rate, mL/min/1.73m²: <c>egfr=45mL/min/1.73m2</c>.</summary>
    public const string Egfr = "egfr";
    /// <summary>Urine albumin-to-creatinine ratio, mg/g (mg/mmol × 8.84): <c>uacr=300mg/g</c>.</summary>
    public const string Uacr = "uacr";
    /// <summary>Serum creatinine, mg/dL (µmol/L ÷ 88.4): <c>creatinine=1.4mg/dL</c>.</summary>
    public const string Creatinine = "creatinine";
    /// <summary>LDL cholesterol, mg/dL (mmol/L × 38.67): <c>ldl=131mg/dL</c>.</summary>
    public const string Ldl = "ldl";
    /// <summary>T2/FLAIR hyperintense lesions on MRI, a count: <c>t2-lesions=12</c>.</summary>
    public const string T2Lesions = "t2-lesions";
    /// <summary>Gadolinium-enhancing lesions on MRI, a count: <c>enhancing-lesions=3</c>.</summary>
    public const string EnhancingLesions = "enhancing-lesions";
    /// <summary>Visual acuity as logMAR (Snellen 20/40 and 6/12, decimal 0.5 as in Japan, all converted): <c>visual-acuity[OD]=0.30logMAR</c>.</summary>
    public const string VisualAcuity = "visual-acuity";
    /// <summary>Central subfield (macular, retinal) thickness on OCT, µm: <c>central-subfield-thickness[OD]=420um</c>.</summary>
    public const string CentralSubfieldThickness = "central-subfield-thickness";
    /// <summary>Intraocular pressure, mmHg: <c>iop[OD]=24mmHg</c>.</summary>
    public const string Iop = "iop";
    /// <summary>Kellgren-Lawrence osteoarthritis grade 0–4: <c>kellgren-lawrence=3</c>.</summary>
    public const string KellgrenLawrence = "kellgren-lawrence";
    /// <summary>Varus alignment, degrees: <c>varus=8deg</c>.</summary>
    public const string Varus = "varus";
    /// <summary>Valgus alignment, degrees: <c>valgus=12deg</c>.</summary>
    public const string Valgus = "valgus";
    /// <summary>Cobb angle of a scoliotic curve, degrees: <c>cobb-angle[thoracic]=45deg</c>.</summary>
    public const string CobbAngle = "cobb-angle";
    /// <summary>Range of motion, degrees, Site the movement; <c>Value</c> the end of the arc: <c>range-of-motion[flexion]=0-110deg</c>.</summary>
    public const string RangeOfMotion = "range-of-motion";
    /// <summary>WOMAC osteoarthritis index (total as printed): <c>womac=68</c>.</summary>
    public const string Womac = "womac";
    /// <summary>Oswestry disability index, %: <c>odi=42%</c>.</summary>
    public const string Odi = "odi";
    /// <summary>NIH stroke scale: <c>nihss=14</c>.</summary>
    public const string Nihss = "nihss";
    /// <summary>Expanded disability status scale (multiple sclerosis): <c>edss=3.5</c>.</summary>
    public const string Edss = "edss";
}

/// <summary>Finds the clinical facts in one record's pages. The local lexicon engine is the default.</summary>
public interface IClinicalFactEngine
{
    string Name { get; }

    Task<IReadOnlyList<ClinicalFact>> ExtractAsync(string documentId, IReadOnlyList<PageText> pages, CancellationToken ct = default);
}

/// <summary>
/// Pulls explainable facts out of one page of record text: ICD-10-CM codes as printed (<see cref="Icd10Codes"/>),
/// diagnoses, procedures and medications named in words (<see cref="ClinicalLexicon"/>), and measurements
/// (<see cref="MeasurementReader"/>), each with its span in the page and its assertion status
/// (<see cref="AssertionDetector"/>). A fact is kept once per page for each kind, value and assertion status, at
/// its first place, so "no metastasis" and a later "metastatic to bone" on one page stay two facts. Pure; a
/// lexicon and patterns, not a model, so every fact points at its phrase.
/// </summary>
public static class ClinicalFactExtractor
{
    public const int ContextCharacters = 40;

    public static IReadOnlyList<ClinicalFact> Extract(string text, string documentId = "", int page = 1)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var found = new List<ClinicalFact>();
        foreach (var (code, index, length) in Icd10Codes.Find(text))
            found.Add(At(FactKinds.Icd10, code.Code, text, index, length, documentId, page) with
            {
                Code = code.Code,
                Category = Icd10Codes.CategoryOf(code.Code),
                Assertion = Icd10Codes.AssertionOf(code.Code) ?? AssertionDetector.Assess(text, index, length),
            });
        foreach (var (entry, start, length) in ClinicalLexicon.Find(text))
            found.Add(At(entry.Kind, entry.Value, text, start, length, documentId, page) with
            {
                Code = entry.Code,
                Category = entry.Category,
                Assertion = AssertionDetector.Assess(text, start, length),
            });
        foreach (var (value, start, length) in MeasurementReader.Find(text))
            found.Add(At(FactKinds.Measurement, value.Normalized, text, start, length, documentId, page) with
            {
                Measurement = value,
                Category = CategoryOf(value),
                Assertion = AssertionDetector.Assess(text, start, length, measurement: true),
            });
        var seen = new HashSet<(string, string, AssertionStatus)>();
        return found.OrderBy(f => f.Location!.Start).ThenByDescending(f => f.Location!.Length)
            .Where(f => seen.Add((f.Kind, f.Value, f.Assertion)))
            .ToList();
    }

    private static ClinicalFact At(string kind, string value, string text, int start, int length, string documentId, int page) =>
        new(kind, value, string.Join(' ', text.Substring(start, length).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
        {
            Location = new FactLocation(documentId, page, start, length),
            Context = TextSearch.PhraseAround(text, start, length, ContextCharacters),
        };

    /// <summary>The category a measurement speaks for; none for values every group measures (kidney function, LDL, stage group).</summary>
    public static string? CategoryOf(MeasuredValue value) => value.Name switch
    {
        MeasurementNames.Lvef or MeasurementNames.AorticValveArea or MeasurementNames.MitralValveArea or MeasurementNames.ValveArea
            or MeasurementNames.MeanGradient or MeasurementNames.PeakGradient or MeasurementNames.PeakVelocity => FactCategories.Cardiac,
        MeasurementNames.Stenosis => value.Site is "ICA" or "CCA" ? FactCategories.Neurology : FactCategories.Cardiac,
        MeasurementNames.TumorSize or MeasurementNames.Tnm or MeasurementNames.HistologicGrade or MeasurementNames.EstrogenReceptor
            or MeasurementNames.ProgesteroneReceptor or MeasurementNames.Her2 or MeasurementNames.Ki67 or MeasurementNames.BiRads
            or MeasurementNames.Gleason or MeasurementNames.GradeGroup or MeasurementNames.Psa => FactCategories.Oncology,
        MeasurementNames.HbA1c or MeasurementNames.Glucose or MeasurementNames.Uacr => FactCategories.Diabetes,
        MeasurementNames.T2Lesions or MeasurementNames.EnhancingLesions or MeasurementNames.Nihss or MeasurementNames.Edss => FactCategories.Neurology,
        MeasurementNames.VisualAcuity or MeasurementNames.CentralSubfieldThickness or MeasurementNames.Iop => FactCategories.Ocular,
        MeasurementNames.KellgrenLawrence or MeasurementNames.Varus or MeasurementNames.Valgus or MeasurementNames.CobbAngle
            or MeasurementNames.RangeOfMotion or MeasurementNames.Womac or MeasurementNames.Odi => FactCategories.Orthopedic,
        _ => null,
    };
}

/// <summary>The local fact engine, the default: <see cref="ClinicalFactExtractor"/> page by page, spans within each page's text.</summary>
public sealed class LexiconFactEngine : IClinicalFactEngine
{
    public string Name => FactEngines.Lexicon;

    public Task<IReadOnlyList<ClinicalFact>> ExtractAsync(string documentId, IReadOnlyList<PageText> pages, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ClinicalFact>>(pages.SelectMany(page => ClinicalFactExtractor.Extract(page.Text, documentId, page.Number)).ToList());
}
