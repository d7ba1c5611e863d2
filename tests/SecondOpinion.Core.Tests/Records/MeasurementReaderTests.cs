using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

/// <summary>Measurements as reports print them (and as OCR leaves them), each normalized to one unit and form.</summary>
public sealed class MeasurementReaderTests
{
    private static List<MeasuredValue> Read(string text, string name) =>
        ClinicalFactExtractor.Extract(text).Where(f => f.Measurement?.Name == name).Select(f => f.Measurement!).ToList();

    private static MeasuredValue One(string text, string name) => Assert.Single(Read(text, name));

    [Theory]
    [InlineData("EF: 35 %", "lvef=35%", 35)]
    [InlineData("LVEF 30-35%", "lvef=30-35%", 32.5)]
    [InlineData("The ejection fraction of 35 percent is reduced.", "lvef=35%", 35)]
    [InlineData("Left ventricular ejection fraction is estimated at 55%.", "lvef=55%", 55)]
    [InlineData("LV EF (biplane) : 25 %", "lvef=25%", 25)]
    [InlineData("EF severely reduced at 20 %", "lvef=20%", 20)]
    [InlineData("左室駆出率 40%", "lvef=40%", 40)]
    public void ejection_fraction(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.Lvef);
        Assert.Equal((normalized, value, "%"), (m.Normalized, m.Value!.Value, m.Unit));
    }

    [Fact]
    public void an_ejection_fraction_out_of_range_is_not_read() => Assert.Empty(Read("EF 2019 report", MeasurementNames.Lvef));

    [Theory]
    [InlineData("AVA 0.8 cm2", "aortic-valve-area=0.8cm2")]
    [InlineData("Aortic valve area (continuity equation) of 0.75 cm²", "aortic-valve-area=0.75cm2")]
    [InlineData("MVA 1.2 cm^2 by planimetry", "mitral-valve-area=1.2cm2")]
    [InlineData("Valve area: 0.9 cm2", "valve-area=0.9cm2")]
    public void valve_area(string text, string normalized)
    {
        var name = normalized[..normalized.IndexOf('=')];
        Assert.Equal(normalized, One(text, name).Normalized);
    }

    [Theory]
    [InlineData("Mean gradient 45 mmHg", "mean-gradient=45mmHg", null)]
    [InlineData("AV mean PG: 42 mm Hg", "mean-gradient[aortic]=42mmHg", "aortic")]
    [InlineData("peak gradient of 70 mmHg across the aortic valve", "peak-gradient=70mmHg", null)]
    [InlineData("Transmitral mean gradient 11 mmHg", "mean-gradient[mitral]=11mmHg", "mitral")]
    public void gradients(string text, string normalized, string? site)
    {
        var name = normalized[..normalized.IndexOfAny(['[', '='])];
        var m = One(text, name);
        Assert.Equal((normalized, site), (m.Normalized, m.Site));
    }

    [Theory]
    [InlineData("Peak velocity 4.2 m/s", 4.2)]
    [InlineData("AV Vmax 420 cm/s", 4.2)]
    [InlineData("aortic jet velocity of 5.1 m/sec", 5.1)]
    public void peak_velocity_in_metres_per_second(string text, double value)
    {
        var m = One(text, MeasurementNames.PeakVelocity);
        Assert.Equal((value, "m/s"), (m.Value!.Value, m.Unit));
    }

    [Theory]
    [InlineData("80% stenosis of the proximal LAD", "LAD", 80, "stenosis[LAD]=80%")]
    [InlineData("There is a 70 % focal stenosis in the mid RCA.", "RCA", 70, "stenosis[RCA]=70%")]
    [InlineData("Left main: 50% stenosis", "LM", 50, "stenosis[LM]=50%")]
    [InlineData("LCx 40-50% narrowing", "LCx", 50, "stenosis[LCx]=40-50%")]
    [InlineData("Total occlusion of the RCA.", "RCA", 100, "stenosis[RCA]=100%")]
    [InlineData("Right internal carotid artery 70% stenosis", "ICA", 70, "stenosis[ICA]=70%")]
    public void stenosis_per_vessel(string text, string vessel, double percent, string normalized)
    {
        var m = One(text, MeasurementNames.Stenosis);
        Assert.Equal((vessel, percent, normalized), (m.Site, m.Value!.Value, m.Normalized));
    }

    [Fact]
    public void several_vessels_in_one_report_are_each_read()
    {
        var all = Read("Coronary angiography: LAD 90% stenosis, LCx 30% and RCA 60% stenosis.", MeasurementNames.Stenosis);
        Assert.Equal(["LAD", "LCx", "RCA"], all.Select(m => m.Site));
    }

    [Theory]
    [InlineData("2.3 x 1.8 cm mass in the upper outer quadrant", "tumor-size=2.3x1.8cm", 2.3)]
    [InlineData("A spiculated mass measuring 23 x 18 x 15 mm.", "tumor-size=2.3x1.8x1.5cm", 2.3)]
    [InlineData("Tumor size: 1.8 cm", "tumor-size=1.8cm", 1.8)]
    [InlineData("Invasive carcinoma, 2.1 cm in greatest dimension", "tumor-size=2.1cm", 2.1)]
    [InlineData("a 12mm nodule", "tumor-size=1.2cm", 1.2)]
    public void tumour_size_in_centimetres(string text, string normalized, double largest)
    {
        var m = One(text, MeasurementNames.TumorSize);
        Assert.Equal((normalized, largest, "cm"), (m.Normalized, m.Value!.Value, m.Unit));
    }

    [Fact]
    public void a_size_without_a_tumour_word_is_not_a_tumour() => Assert.Empty(Read("Axial images at 5 mm intervals.", MeasurementNames.TumorSize));

    [Theory]
    [InlineData("Pathologic stage: pT2N1M0", "tnm=pT2N1M0")]
    [InlineData("Clinical staging cT3 N0 M0.", "tnm=cT3N0M0")]
    [InlineData("ypT1c pN0 (0/12)", "tnm=ypT1cN0")]
    [InlineData("T2aN0M0 on MRI", "tnm=T2aN0M0")]
    [InlineData("pT1b pN1mi M0", "tnm=pT1bN1miM0")]
    public void tnm_with_its_prefix(string text, string normalized) => Assert.Equal(normalized, One(text, MeasurementNames.Tnm).Normalized);

    [Theory]
    [InlineData("Tumour is stage IIB.", "stage=IIB", 2)]
    [InlineData("stage   IV disease", "stage=IV", 4)]
    [InlineData("Stage 3a", "stage=IIIA", 3)]
    public void stage_group(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.Stage);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Fact]
    public void a_word_starting_like_a_stage_is_not_a_stage() => Assert.Empty(Read("The patient will stage in the ward.", MeasurementNames.Stage));

    [Theory]
    [InlineData("Nottingham grade 3", 3)]
    [InlineData("Histologic grade: 2/3", 2)]
    [InlineData("Poorly differentiated adenocarcinoma", 3)]
    [InlineData("G1, low grade", 1)]
    public void histologic_grade(string text, double grade) => Assert.Equal(grade, One(text, MeasurementNames.HistologicGrade).Value);

    [Fact]
    public void a_kellgren_lawrence_or_gleason_grade_is_not_a_histologic_grade()
    {
        Assert.Empty(Read("Kellgren-Lawrence grade 3 changes.", MeasurementNames.HistologicGrade));
        Assert.Empty(Read("ISUP grade group 2", MeasurementNames.HistologicGrade));
    }

    [Theory]
    [InlineData("ER positive (95%)", "er=positive(95%)", 95.0)]
    [InlineData("Estrogen receptor: negative", "er=negative", null)]
    [InlineData("ER: 80%", "er=positive(80%)", 80.0)]
    [InlineData("ER 0% (negative)", "er=negative(0%)", 0.0)]
    [InlineData("ER: positive (95%, strong)", "er=positive(95%)", 95.0)]
    public void estrogen_receptor(string text, string normalized, double? percent)
    {
        var m = One(text, MeasurementNames.EstrogenReceptor);
        Assert.Equal((normalized, percent), (m.Normalized, m.Value));
    }

    [Fact]
    public void er_and_pr_printed_together_are_two_results()
    {
        var facts = ClinicalFactExtractor.Extract("ER/PR positive; HER2 negative.");
        Assert.Contains(facts, f => f.Value == "er=positive");
        Assert.Contains(facts, f => f.Value == "pr=positive");
        Assert.Equal("pr=negative", One("PR negative", MeasurementNames.ProgesteroneReceptor).Normalized);
    }

    [Theory]
    [InlineData("HER2 2+ / FISH not amplified", "her2=negative(IHC 2+, FISH not amplified)", 2.0)]
    [InlineData("HER2/neu (IHC): 3+", "her2=positive(IHC 3+)", 3.0)]
    [InlineData("HER2 negative (1+)", "her2=negative(IHC 1+)", 1.0)]
    [InlineData("HER2: 2+ (equivocal)", "her2=equivocal(IHC 2+)", 2.0)]
    [InlineData("HER-2 2+, FISH amplified (ratio 2.8)", "her2=positive(IHC 2+, FISH amplified)", 2.0)]
    [InlineData("HER2 positive", "her2=positive", null)]
    [InlineData("HER2: 2+ (equivocal) by IHC; FISH not amplified (ratio 1.3)", "her2=negative(IHC 2+, FISH not amplified)", 2.0)]
    public void her2(string text, string normalized, double? score)
    {
        var m = One(text, MeasurementNames.Her2);
        Assert.Equal((normalized, score), (m.Normalized, m.Value));
    }

    [Theory]
    [InlineData("Ki-67: 20%", "ki67=20%")]
    [InlineData("Ki67 index 15-20 %", "ki67=15-20%")]
    [InlineData("MIB-1 labeling index 30%", "ki67=30%")]
    public void ki67(string text, string normalized) => Assert.Equal(normalized, One(text, MeasurementNames.Ki67).Normalized);

    [Theory]
    [InlineData("BI-RADS 4C", "bi-rads=4C", 4)]
    [InlineData("BIRADS category 5: highly suggestive of malignancy", "bi-rads=5", 5)]
    [InlineData("ACR BI-RADS®: 2", "bi-rads=2", 2)]
    public void bi_rads(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.BiRads);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Theory]
    [InlineData("Gleason 3 + 4 = 7 in 4 of 12 cores", "gleason=3+4=7", 7)]
    [InlineData("gleason score 4+3=7", "gleason=4+3=7", 7)]
    [InlineData("Gleason 3+3 disease", "gleason=3+3=6", 6)]
    [InlineData("Gleason score 8 (4+4)", "gleason=4+4=8", 8)]
    [InlineData("Gleason score: 9", "gleason=9", 9)]
    public void gleason(string text, string normalized, double sum)
    {
        var m = One(text, MeasurementNames.Gleason);
        Assert.Equal((normalized, sum), (m.Normalized, m.Value!.Value));
    }

    [Fact]
    public void a_gleason_whose_printed_sum_disagrees_with_its_patterns_is_not_read() => Assert.Empty(Read("Gleason 3 + 4 = 8", MeasurementNames.Gleason));

    [Theory]
    [InlineData("Grade group 2", 2)]
    [InlineData("ISUP grade group 4", 4)]
    [InlineData("GG 3", 3)]
    public void grade_group(string text, double value) => Assert.Equal(value, One(text, MeasurementNames.GradeGroup).Value);

    [Theory]
    [InlineData("PSA 8.1 ng/mL on recheck", "psa=8.1ng/mL", 8.1)]
    [InlineData("PSA: 6.8 ng/ml", "psa=6.8ng/mL", 6.8)]
    [InlineData("prostate-specific antigen of 12 ng/mL", "psa=12ng/mL", 12)]
    public void psa(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.Psa);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Fact]
    public void psa_density_is_not_psa() => Assert.Empty(Read("PSA density 0.15 ng/mL/cc", MeasurementNames.Psa));

    [Theory]
    [InlineData("HbA1c: 7.2%", "hba1c=7.2%", 7.2)]
    [InlineData("Hb A1c 10.4 %", "hba1c=10.4%", 10.4)]
    [InlineData("HbA1c 86 mmol/mol", "hba1c=10%", 10.0)]
    [InlineData("glycated hemoglobin of 8 percent", "hba1c=8%", 8)]
    public void hba1c_in_ngsp_percent(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.HbA1c);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Theory]
    [InlineData("Fasting glucose 126 mg/dL", "glucose[fasting]=126mg/dL", 126)]
    [InlineData("Random blood glucose 11.1 mmol/L", "glucose[random]=200mg/dL", 200)]
    [InlineData("FPG: 7.0 mmol/L", "glucose[fasting]=126mg/dL", 126)]
    [InlineData("Glucose 180", "glucose=180mg/dL", 180)]
    public void glucose_in_mg_per_dl(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.Glucose);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Theory]
    [InlineData("eGFR=45", "egfr=45mL/min/1.73m2", 45)]
    [InlineData("eGFR 12 mL/min/1.73 m2", "egfr=12mL/min/1.73m2", 12)]
    [InlineData("Estimated GFR: >60 mL/min/1.73m²", "egfr=>60mL/min/1.73m2", 60)]
    public void egfr(string text, string normalized, double value)
    {
        var m = One(text, MeasurementNames.Egfr);
        Assert.Equal((normalized, value), (m.Normalized, m.Value!.Value));
    }

    [Theory]
    [InlineData("UACR 300 mg/g", "uacr=300mg/g")]
    [InlineData("Urine albumin/creatinine ratio: 34 mg/mmol", "uacr=300.6mg/g")]
    [InlineData("urine albumin-to-creatinine ratio of 45 mg/g", "uacr=45mg/g")]
    public void uacr_in_mg_per_g(string text, string normalized)
    {
        Assert.Equal(normalized, One(text, MeasurementNames.Uacr).Normalized);
        Assert.Empty(Read(text, MeasurementNames.Creatinine));
    }

    [Theory]
    [InlineData("Creatinine 1.4 mg/dL", "creatinine=1.4mg/dL")]
    [InlineData("Serum creatinine 124 µmol/L", "creatinine=1.4mg/dL")]
    [InlineData("LDL 3.4 mmol/L", "ldl=131mg/dL")]
    public void other_laboratory_values(string text, string normalized) =>
        Assert.Contains(ClinicalFactExtractor.Extract(text), f => f.Value == normalized);

    [Theory]
    [InlineData("12 T2 hyperintense lesions", MeasurementNames.T2Lesions, 12)]
    [InlineData("There are 3 gadolinium-enhancing lesions.", MeasurementNames.EnhancingLesions, 3)]
    [InlineData("two new periventricular T2/FLAIR hyperintense lesions", MeasurementNames.T2Lesions, 2)]
    [InlineData("1 Gd-enhancing lesion in the cervical cord", MeasurementNames.EnhancingLesions, 1)]
    public void mri_lesion_counts(string text, string name, double count)
    {
        var m = One(text, name);
        Assert.Equal((count, $"{name}={count}"), (m.Value!.Value, m.Normalized));
    }

    [Theory]
    [InlineData("VA 20/40 OD", "visual-acuity[OD]=0.30logMAR", 0.3)]
    [InlineData("BCVA: 6/12", "visual-acuity=0.30logMAR", 0.3)]
    [InlineData("Visual acuity OS 20/200", "visual-acuity[OS]=1.00logMAR", 1.0)]
    [InlineData("logMAR 0.5 right eye", "visual-acuity=0.50logMAR", 0.5)]
    [InlineData("視力 0.5", "visual-acuity=0.30logMAR", 0.3)]
    [InlineData("RV=0.1(0.5×S-2.0D)", "visual-acuity[OD]=0.30logMAR", 0.3)]
    [InlineData("VA (decimal) 1.0", "visual-acuity=0.00logMAR", 0.0)]
    public void visual_acuity_as_logmar(string text, string normalized, double logMar)
    {
        var m = One(text, MeasurementNames.VisualAcuity);
        Assert.Equal((normalized, logMar, "logMAR"), (m.Normalized, m.Value!.Value, m.Unit));
    }

    [Fact]
    public void a_date_is_not_a_visual_acuity() => Assert.Empty(Read("Seen on 5/20/24 in clinic.", MeasurementNames.VisualAcuity));

    [Fact]
    public void both_eyes_acuities_are_read_with_their_eye()
    {
        var all = Read("Visual acuity: OD 20/40, OS 20/25.", MeasurementNames.VisualAcuity);
        Assert.Equal(["OD", "OS"], all.Select(m => m.Site));
    }

    [Theory]
    [InlineData("CST 420 µm OD", "central-subfield-thickness[OD]=420um")]
    [InlineData("Central subfield thickness: 385 microns", "central-subfield-thickness=385um")]
    [InlineData("OS: central macular thickness 512 um", "central-subfield-thickness[OS]=512um")]
    public void central_subfield_thickness(string text, string normalized) =>
        Assert.Equal(normalized, One(text, MeasurementNames.CentralSubfieldThickness).Normalized);

    [Theory]
    [InlineData("IOP 24 mmHg OD", "iop[OD]=24mmHg")]
    [InlineData("Intraocular pressure of 42 mm Hg in the right eye", "iop[OD]=42mmHg")]
    [InlineData("眼圧 18mmHg", "iop=18mmHg")]
    [InlineData("IOP 24 mmHg right eye", "iop[OD]=24mmHg")]
    public void intraocular_pressure(string text, string normalized) => Assert.Equal(normalized, One(text, MeasurementNames.Iop).Normalized);

    [Fact]
    public void a_pair_of_pressures_is_right_eye_then_left()
    {
        var all = Read("IOP 24/22 mmHg", MeasurementNames.Iop);
        Assert.Equal(["iop[OD]=24mmHg", "iop[OS]=22mmHg"], all.Select(m => m.Normalized));
    }

    [Theory]
    [InlineData("Kellgren-Lawrence grade 3", 3)]
    [InlineData("KL grade IV medial compartment", 4)]
    [InlineData("Kellgren and Lawrence 2", 2)]
    public void kellgren_lawrence(string text, double grade) => Assert.Equal(grade, One(text, MeasurementNames.KellgrenLawrence).Value);

    [Theory]
    [InlineData("8° varus alignment", "varus=8deg")]
    [InlineData("valgus deformity of 12 degrees", "valgus=12deg")]
    [InlineData("Cobb angle 45°", "cobb-angle=45deg")]
    [InlineData("Cobb angle of the thoracic curve: 52 degrees", "cobb-angle[thoracic]=52deg")]
    [InlineData("a 38° right thoracic curve", "cobb-angle[thoracic]=38deg")]
    public void alignment_in_degrees(string text, string normalized) => Assert.Contains(ClinicalFactExtractor.Extract(text), f => f.Value == normalized);

    [Theory]
    [InlineData("Flexion 0–110°", "range-of-motion[flexion]=0-110deg", 110)]
    [InlineData("ROM 0-120 degrees", "range-of-motion=0-120deg", 120)]
    [InlineData("knee flexion from 5° to 95°", "range-of-motion[flexion]=5-95deg", 95)]
    [InlineData("abduction 90°", "range-of-motion[abduction]=90deg", 90)]
    public void range_of_motion(string text, string normalized, double end)
    {
        var m = One(text, MeasurementNames.RangeOfMotion);
        Assert.Equal((normalized, end), (m.Normalized, m.Value!.Value));
    }

    [Theory]
    [InlineData("WOMAC score 68", "womac=68")]
    [InlineData("WOMAC total: 45/96", "womac=45/96")]
    [InlineData("Oswestry Disability Index 42%", "odi=42%")]
    [InlineData("NIHSS 14 on arrival", "nihss=14")]
    [InlineData("EDSS 3.5", "edss=3.5")]
    public void scores(string text, string normalized) => Assert.Contains(ClinicalFactExtractor.Extract(text), f => f.Value == normalized);

    [Fact]
    public void ocr_spacing_and_line_breaks_inside_a_phrase_are_tolerated()
    {
        Assert.Equal("lvef=35%", One("LVEF :\n 35 %", MeasurementNames.Lvef).Normalized);
        Assert.Equal("stenosis[LAD]=80%", One("80 %  stenosis  of the\nproximal  LAD", MeasurementNames.Stenosis).Normalized);
        Assert.Equal("gleason=3+4=7", One("Gleason  3 +4= 7", MeasurementNames.Gleason).Normalized);
    }

    [Fact]
    public void every_measurement_name_the_reader_emits_is_documented()
    {
        var documented = typeof(MeasurementNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var text = "EF 35%. AVA 0.8 cm2. Mean gradient 45 mmHg. Peak velocity 4.2 m/s. 80% stenosis of the LAD. 2 cm mass. pT2N1M0. Stage IIB. Grade 2. ER positive. "
            + "HER2 1+. Ki-67 20%. BI-RADS 4. Gleason 3+4=7. Grade group 2. PSA 6 ng/mL. HbA1c 7%. Glucose 120 mg/dL. eGFR 50. UACR 30 mg/g. Creatinine 1.0 mg/dL. "
            + "LDL 100 mg/dL. 5 T2 hyperintense lesions. 1 gadolinium-enhancing lesion. VA 20/40. CST 300 µm. IOP 20 mmHg. KL grade 3. 5° varus. Cobb angle 20°. "
            + "Flexion 0-100°. WOMAC 40. ODI 30%. NIHSS 4. EDSS 2.0.";
        Assert.All(ClinicalFactExtractor.Extract(text).Where(f => f.Measurement is not null), f => Assert.Contains(f.Measurement!.Name, documented));
    }
}
