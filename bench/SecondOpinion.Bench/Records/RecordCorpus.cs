namespace SecondOpinion.Bench.Records;

/// <summary>How a labelled record is made into a file, the way it reaches the platform in real life.</summary>
public enum RecordForm
{
    /// <summary>A PDF exported by a hospital system: every page has a text layer.</summary>
    TextPdf,
    /// <summary>A flatbed scan wrapped in a PDF: images only.</summary>
    ScannedPdf,
    /// <summary>A scan uploaded as an image file.</summary>
    ScannedImage,
    /// <summary>A phone photo of a printout: skewed, shaded, JPEG.</summary>
    PhonePhoto,
    /// <summary>Text pages and scanned pages in one PDF.</summary>
    MixedPdf,
    /// <summary>A scan with a fax header in its text layer: a text layer too sparse to be the page.</summary>
    FaxedScanPdf,
    /// <summary>A password-protected PDF.</summary>
    EncryptedPdf,
    /// <summary>A PDF cut off half way through.</summary>
    TruncatedPdf,
    /// <summary>A scan of an empty page.</summary>
    BlankScanPdf,
    /// <summary>A PNG whose header claims 60000×60000 pixels.</summary>
    HugeImage,
}

/// <summary>How a scan is degraded: resolution (dots per inch), noise, blur, rotation (clockwise degrees), JPEG quality.</summary>
public sealed record ScanQuality(int Dpi = 200, double Noise = 0, double Blur = 0, int Rotate = 0, int JpegQuality = 0)
{
    public static readonly ScanQuality Clean = new(300);
    public static readonly ScanQuality Office = new(200, Noise: 0.3, Blur: 0.4, JpegQuality: 80);
    public static readonly ScanQuality Poor = new(150, Noise: 0.8, Blur: 0.7, JpegQuality: 55);
}

/// <summary>A measurement the record states, as a clinician would write it down: name, value as a string, unit.</summary>
public sealed record TruthMeasurement(string Name, string Value, string? Unit = null);

/// <summary>
/// One labelled record: its pages (lines of text), the form it is made into, and the truth — the ICD-10-CM
/// codes printed in it, the measurements it states about the patient, the category a clinician would file it
/// under, and for a file that cannot be read, the reason the platform must give. <c>ScannedPages</c> names, for
/// a mixed PDF, the pages (from 1) that are scans.
/// </summary>
public sealed record LabelledRecord(
    string Name,
    RecordForm Form,
    IReadOnlyList<IReadOnlyList<string>> Pages,
    string? Category,
    IReadOnlyList<string> Codes,
    IReadOnlyList<TruthMeasurement> Measurements,
    string? ExpectedFailure = null,
    ScanQuality? Quality = null,
    string Language = "en",
    IReadOnlyList<int>? ScannedPages = null);

/// <summary>
/// The labelled set: fictional patients and findings, written the way real reports phrase them, across the
/// six disorder groups, in every form records arrive in. tests/records holds the generated files and their
/// truth; `dotnet run --project bench/SecondOpinion.Bench -- corpus` writes them again.
/// </summary>
public static class RecordCorpus
{
    public static readonly IReadOnlyList<LabelledRecord> All =
    [
        new("01-breast-pathology", RecordForm.TextPdf,
            [[
                "SURGICAL PATHOLOGY REPORT",
                "Specimen: left breast, ultrasound-guided core needle biopsy, 12 o'clock.",
                "Clinical history: screening mammogram BI-RADS 5, 2.3 x 1.8 cm irregular mass.",
                "Diagnosis: invasive ductal carcinoma, histologic grade 2 (Nottingham score 6/9).",
                "Estrogen receptor (ER): positive (95%). Progesterone receptor (PR): positive (80%).",
                "HER2 by immunohistochemistry: 1+ (negative). Ki-67 proliferation index: 20%.",
                "No lymphovascular invasion identified.",
                "Family history: mother had breast cancer at age 52.",
                "ICD-10-CM: C50.412 Malignant neoplasm of upper-outer quadrant of left female breast.",
            ]],
            "oncology", ["C50.412"],
            [new("bi-rads", "5"), new("tumour-size", "2.3", "cm"), new("histologic-grade", "2"), new("er", "positive"),
             new("pr", "positive"), new("her2", "negative"), new("ki-67", "20", "%")]),

        new("02-prostate-scan-clean", RecordForm.ScannedPdf,
            [[
                "UROLOGY CLINIC NOTE",
                "Reason for visit: rising PSA.",
                "PSA 8.4 ng/mL (previous 5.1 ng/mL one year ago).",
                "Prostate biopsy: acinar adenocarcinoma, Gleason score 3 + 4 = 7,",
                "Grade Group 2, in 5 of 12 cores.",
                "Staging bone scan: no evidence of metastasis.",
                "Diagnosis: malignant neoplasm of prostate (C61).",
                "Plan: discuss radical prostatectomy versus radiotherapy.",
            ]],
            "oncology", ["C61"],
            [new("psa", "8.4", "ng/mL"), new("psa", "5.1", "ng/mL"), new("gleason", "3+4=7"), new("grade-group", "2")],
            Quality: ScanQuality.Clean),

        new("03-echo-scan-poor", RecordForm.ScannedPdf,
            [[
                "TRANSTHORACIC ECHOCARDIOGRAM",
                "Left ventricle: moderately reduced systolic function, LVEF 35%.",
                "Aortic valve: heavily calcified, severe aortic stenosis.",
                "Aortic valve area 0.8 cm2. Mean gradient 46 mmHg.",
                "Peak velocity 4.3 m/s.",
                "Impression: severe calcific aortic stenosis (I35.0).",
                "Recommend heart team review for valve replacement.",
            ]],
            "cardiac", ["I35.0"],
            [new("ejection-fraction", "35", "%"), new("valve-area", "0.8", "cm2"), new("mean-gradient", "46", "mmHg"), new("peak-velocity", "4.3", "m/s")],
            Quality: ScanQuality.Poor),

        new("04-cath-phone-photo", RecordForm.PhonePhoto,
            [[
                "CARDIAC CATHETERIZATION REPORT",
                "Left main: 30% stenosis.",
                "LAD: 80% stenosis of the proximal LAD.",
                "RCA: 95% stenosis of the mid RCA.",
                "Circumflex: no significant disease.",
                "Diagnosis: coronary artery disease, I25.10.",
                "Recommendation: CABG versus multivessel PCI.",
            ]],
            "cardiac", ["I25.10"],
            [new("stenosis", "30", "% left main"), new("stenosis", "80", "% LAD"), new("stenosis", "95", "% RCA")],
            Quality: new ScanQuality(150, Noise: 0.4, Blur: 0.5, JpegQuality: 70)),

        new("05-ms-mri-text", RecordForm.TextPdf,
            [[
                "MRI BRAIN WITH AND WITHOUT CONTRAST",
                "Findings: 12 T2 hyperintense lesions in periventricular and juxtacortical white matter.",
                "3 gadolinium-enhancing lesions, consistent with active demyelination.",
                "No mass effect. No evidence of acute infarct.",
                "Impression: findings typical of multiple sclerosis (G35).",
            ]],
            "neurology", ["G35"],
            [new("mri-lesions", "12", "T2"), new("mri-lesions", "3", "enhancing")]),

        new("06-diabetes-labs-scan", RecordForm.ScannedImage,
            [[
                "LABORATORY RESULTS - ENDOCRINOLOGY",
                "HbA1c 9.2 %",
                "Fasting glucose 186 mg/dL",
                "eGFR 52 mL/min/1.73m2",
                "Urine albumin/creatinine ratio 120 mg/g",
                "Diagnosis: type 2 diabetes mellitus with diabetic chronic kidney disease (E11.22).",
                "Current treatment: metformin 1000 mg twice daily.",
            ]],
            "diabetes", ["E11.22"],
            [new("hba1c", "9.2", "%"), new("glucose", "186", "mg/dL"), new("egfr", "52", "mL/min/1.73m2"), new("uacr", "120", "mg/g")],
            Quality: ScanQuality.Office),

        new("07-retina-oct-rotated", RecordForm.ScannedPdf,
            [[
                "OPHTHALMOLOGY - RETINA CLINIC",
                "Visual acuity: 20/60 right eye, 20/25 left eye.",
                "OCT: central subfield thickness 412 um right eye.",
                "Intraocular pressure 17 mmHg both eyes.",
                "Diagnosis: type 2 diabetes with proliferative diabetic retinopathy",
                "with macular edema, right eye (E11.3511).",
                "Plan: anti-VEGF injections.",
            ]],
            "ocular", ["E11.3511"],
            [new("visual-acuity", "20/60"), new("visual-acuity", "20/25"), new("retinal-thickness", "412", "um"), new("iop", "17", "mmHg")],
            Quality: ScanQuality.Office with { Rotate = 90 }),

        new("08-glaucoma-japanese", RecordForm.ScannedImage,
            [[
                "眼科診療情報提供書",
                "傷病名：原発開放隅角緑内障（H40.11）",
                "眼圧：右 28 mmHg、左 19 mmHg",
                "視力：右 0.5、左 1.0",
                "視野検査で右眼に弓状暗点を認めます。",
                "点眼治療を継続中です。",
            ]],
            "ocular", ["H40.11"],
            [new("iop", "28", "mmHg"), new("iop", "19", "mmHg"), new("visual-acuity", "0.5"), new("visual-acuity", "1.0")],
            Quality: ScanQuality.Clean, Language: "ja"),

        new("09-knee-mixed", RecordForm.MixedPdf,
            [
                [
                    "ORTHOPAEDIC CLINIC LETTER",
                    "Right knee pain for three years, worse on stairs.",
                    "WOMAC score 68. Range of motion: flexion 5 to 95 degrees.",
                    "Standing alignment: 8 degrees varus.",
                    "Failed physiotherapy and injections.",
                ],
                [
                    "RADIOLOGY - KNEE X-RAY, STANDING",
                    "Severe medial joint space narrowing with osteophytes.",
                    "Kellgren-Lawrence grade 4.",
                    "Impression: primary osteoarthritis, right knee (M17.11).",
                ],
            ],
            "orthopedic", ["M17.11"],
            [new("womac", "68"), new("range-of-motion", "5-95", "degrees"), new("alignment", "8", "degrees varus"), new("kellgren-lawrence", "4")],
            Quality: ScanQuality.Office, ScannedPages: [2]),

        new("10-scoliosis-upside-down", RecordForm.ScannedPdf,
            [[
                "SPINE CLINIC",
                "Standing PA radiograph: right thoracic curve, Cobb angle 42 degrees.",
                "Diagnosis: adolescent idiopathic scoliosis, thoracic region (M41.124).",
                "Curve progressed from 31 degrees one year ago.",
                "Plan: discuss posterior spinal fusion.",
            ]],
            "orthopedic", ["M41.124"],
            [new("alignment", "42", "degrees cobb"), new("alignment", "31", "degrees cobb")],
            Quality: ScanQuality.Clean with { Rotate = 180 }),

        new("11-lung-faxed-scan", RecordForm.FaxedScanPdf,
            [[
                "CT CHEST WITH CONTRAST",
                "Findings: 3.2 cm spiculated mass in the right upper lobe.",
                "Enlarged right paratracheal lymph node.",
                "No pleural effusion.",
                "Impression: suspicious for primary lung carcinoma, clinical stage cT2a N2 M0.",
                "Diagnosis code: C34.11.",
            ]],
            "oncology", ["C34.11"],
            [new("tumour-size", "3.2", "cm"), new("tnm", "cT2aN2M0")],
            Quality: ScanQuality.Office),

        new("12-glioma-text", RecordForm.TextPdf,
            [[
                "NEURO-ONCOLOGY CONSULTATION",
                "MRI: 4.1 x 3.5 cm enhancing mass in the left temporal lobe with surrounding edema.",
                "Pathology after resection: glioblastoma, IDH-wildtype, WHO grade 4.",
                "Ki-67 35%.",
                "History of seizures, on levetiracetam.",
                "Diagnosis: malignant neoplasm of temporal lobe (C71.2).",
            ]],
            "oncology", ["C71.2"],
            [new("tumour-size", "4.1", "cm"), new("histologic-grade", "4"), new("ki-67", "35", "%")]),

        new("13-encrypted", RecordForm.EncryptedPdf, [["Discharge summary (password protected)."]], null, [], [], ExpectedFailure: "password-protected"),
        new("14-truncated", RecordForm.TruncatedPdf, [["Operative report that was cut off in transfer.", "Procedure: laparoscopic resection."]], null, [], [], ExpectedFailure: "damaged"),
        new("15-blank-scan", RecordForm.BlankScanPdf, [[]], null, [], [], ExpectedFailure: "blank", Quality: ScanQuality.Office),
        new("16-huge-image", RecordForm.HugeImage, [[]], null, [], [], ExpectedFailure: "image-too-large"),
    ];
}
