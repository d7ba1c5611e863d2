using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Tests.Triage;

public sealed class TriageRulesTests
{
    /// <summary>Records as stored: each text read by the lexicon engine as one page of its document.</summary>
    private static TriageResult Assess(CaseCategory category, string question, string? diagnosis = null, string? treatment = null,
        IReadOnlyDictionary<string, string>? records = null) =>
        TriageRules.Assess(new TriageInput(category, question, diagnosis, treatment,
            (records ?? new Dictionary<string, string>()).SelectMany(r => ClinicalFactExtractor.Extract(r.Value, r.Key, 1)).ToList()));

    private static Dictionary<string, string> Record(string text, string id = "d1") => new() { [id] = text };

    [Theory]
    [InlineData(CaseCategory.Oncology, "medical-oncology")]
    [InlineData(CaseCategory.Cardiac, "cardiology")]
    [InlineData(CaseCategory.Neurology, "neurology")]
    [InlineData(CaseCategory.Diabetes, "endocrinology")]
    [InlineData(CaseCategory.Ocular, "ophthalmology")]
    [InlineData(CaseCategory.Orthopedic, "orthopedic-surgery")]
    [InlineData(CaseCategory.Other, "internal-medicine")]
    public void the_form_category_decides_the_primary_subspecialty_and_is_recorded_as_evidence(CaseCategory category, string primary)
    {
        var result = Assess(category, "Please review my case.");

        Assert.Equal(primary, result.Subspecialties[0]);
        Assert.Equal(new TriageEvidence(primary, Core.Common.EnumNames.Of(category), "form:category"), result.Evidence[0]);
        Assert.Equal(category, result.Category);
        Assert.Null(result.Mismatch);
    }

    [Theory]
    [InlineData(CaseCategory.Oncology, "medical-oncology", "surgical-oncology")]
    [InlineData(CaseCategory.Cardiac, "cardiology", "cardiothoracic-surgery")]
    [InlineData(CaseCategory.Diabetes, "endocrinology", "internal-medicine")]
    [InlineData(CaseCategory.Other, "internal-medicine", "radiology")]
    public void a_case_without_specific_findings_gets_the_default_second_seat_of_its_category(CaseCategory category, string primary, string second)
    {
        Assert.Equal([primary, second], Assess(category, "Is my doctor right?").Subspecialties);
    }

    // Category inference, one realistic record per disorder group.
    [Theory]
    [InlineData("SURGICAL PATHOLOGY\nLeft breast, core biopsy: invasive ductal carcinoma, Nottingham grade 2. ER positive (95%), PR positive (40%), HER2 2+ / FISH not amplified. Ki-67 15%.", CaseCategory.Oncology)]
    [InlineData("TTE: LVEF 30-35%. Severe aortic stenosis, AVA 0.9 cm2, mean gradient 42 mmHg, peak velocity 4.3 m/s.", CaseCategory.Cardiac)]
    [InlineData("MRI brain: 12 T2 hyperintense lesions, 3 gadolinium-enhancing lesions, consistent with relapsing remitting multiple sclerosis. EDSS 2.5.", CaseCategory.Neurology)]
    [InlineData("Type 2 diabetes mellitus. HbA1c 9.4%, fasting glucose 182 mg/dL, UACR 120 mg/g, eGFR 52.", CaseCategory.Diabetes)]
    [InlineData("OCT: central subfield thickness 455 µm OD. VA 20/60 OD. IOP 16 mmHg OU. Diabetic macular edema.", CaseCategory.Ocular)]
    [InlineData("Standing knee X-ray: Kellgren-Lawrence grade 4 medial compartment, 9° varus. Osteoarthritis of the right knee. WOMAC 68. Flexion 0-95°.", CaseCategory.Orthopedic)]
    public void the_records_decide_the_category_when_the_form_says_other(string record, CaseCategory expected)
    {
        var result = Assess(CaseCategory.Other, "What do you think?", records: Record(record));

        Assert.Equal(expected, result.InferredCategory);
        Assert.Equal(expected, result.Category);
        Assert.Equal(CaseCategory.Other, result.FormCategory);
        Assert.NotEqual("internal-medicine", result.Subspecialties[0]);
        Assert.Contains(result.Evidence, e => e.Finding == $"category:{Core.Common.EnumNames.Of(expected)}" && e.DocumentId == "d1" && e.Page == 1);
        Assert.Null(result.Mismatch);
    }

    [Fact]
    public void negated_and_family_findings_do_not_decide_the_category()
    {
        var result = Assess(CaseCategory.Other, "?", records: Record("No evidence of malignancy. Mother had breast cancer. Family history of prostate cancer."));

        Assert.Null(result.InferredCategory);
        Assert.Equal(CaseCategory.Other, result.Category);
    }

    [Fact]
    public void a_form_category_the_records_clearly_contradict_is_flagged_with_both_sides()
    {
        var result = Assess(CaseCategory.Cardiac, "Second opinion on my treatment.",
            records: Record("Right breast, biopsy: invasive lobular carcinoma. ER positive, PR negative, HER2 negative (1+). pT2N1M0."));

        var mismatch = Assert.IsType<CategoryMismatch>(result.Mismatch);
        Assert.Equal((CaseCategory.Cardiac, CaseCategory.Oncology), (mismatch.Form, mismatch.Records));
        Assert.Contains("diagnosis C50", mismatch.Evidence);
        Assert.Contains("measurement er", mismatch.Evidence);
        Assert.DoesNotContain(mismatch.Evidence, e => e.Contains("lobular", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("cardiac", mismatch.Describe());
        // The form's category stays the case's, and the records' side gets a seat.
        Assert.Equal(CaseCategory.Cardiac, result.Category);
        Assert.Equal(["cardiology", "medical-oncology"], result.Subspecialties.Take(2));
    }

    [Fact]
    public void records_that_mostly_agree_with_the_form_raise_no_mismatch()
    {
        var result = Assess(CaseCategory.Oncology, "Is trastuzumab safe for my heart?",
            records: Record("Invasive ductal carcinoma, HER2 positive (IHC 3+). On trastuzumab. Echo: LVEF 50%."));

        Assert.Equal(CaseCategory.Oncology, result.InferredCategory);
        Assert.Null(result.Mismatch);
    }

    // Subspecialties follow the evidence.
    [Fact]
    public void a_breast_pathology_report_asks_for_breast_pathology_and_breast_oncology()
    {
        var result = Assess(CaseCategory.Oncology, "Do I need chemotherapy?",
            records: Record("Invasive ductal carcinoma, grade 3. ER positive (95%), PR positive (60%), HER2 negative (1+). Ki-67 30%."));

        Assert.Equal("medical-oncology", result.Subspecialties[0]);
        Assert.Contains("breast-oncology", result.Subspecialties);
        Assert.Contains("breast-pathology", result.Subspecialties);
        Assert.DoesNotContain("pathology", result.Subspecialties);
        var hit = result.Evidence.First(e => e.Finding == "breast-pathology");
        Assert.Equal(("d1", 1), (hit.DocumentId, hit.Page));
    }

    [Theory]
    [InlineData(CaseCategory.Oncology, "Mammogram: irregular spiculated mass, BI-RADS 5.", "breast-imaging")]
    [InlineData(CaseCategory.Neurology, "MRI: 9 T2 hyperintense lesions, 2 gadolinium-enhancing lesions.", "neuroradiology")]
    [InlineData(CaseCategory.Neurology, "MRI: 9 T2 hyperintense lesions, 2 gadolinium-enhancing lesions.", "neuroimmunology")]
    [InlineData(CaseCategory.Cardiac, "Echo: LVEF 55%, mean gradient 20 mmHg.", "cardiac-imaging")]
    [InlineData(CaseCategory.Orthopedic, "AP knee: Kellgren-Lawrence grade 3.", "musculoskeletal-radiology")]
    [InlineData(CaseCategory.Oncology, "Gleason 4 + 3 = 7, PSA 9.2 ng/mL.", "urologic-oncology")]
    [InlineData(CaseCategory.Oncology, "Gleason 4 + 3 = 7, PSA 9.2 ng/mL.", "genitourinary-pathology")]
    [InlineData(CaseCategory.Diabetes, "HbA1c 8.8%.", "endocrinology")]
    [InlineData(CaseCategory.Diabetes, "UACR 310 mg/g, eGFR 38.", "nephrology")]
    [InlineData(CaseCategory.Ocular, "CST 480 µm OS.", "retina")]
    [InlineData(CaseCategory.Ocular, "IOP 28 mmHg OD.", "glaucoma")]
    [InlineData(CaseCategory.Neurology, "Focal seizures with impaired awareness; on levetiracetam.", "epileptology")]
    [InlineData(CaseCategory.Cardiac, "Paroxysmal atrial fibrillation.", "electrophysiology")]
    [InlineData(CaseCategory.Cardiac, "Angiography: 90% stenosis of the proximal LAD.", "interventional-cardiology")]
    [InlineData(CaseCategory.Orthopedic, "Cobb angle 48° thoracic.", "spine-surgery")]
    public void a_finding_asks_for_its_subspecialty(CaseCategory category, string record, string subspecialty)
    {
        var result = Assess(category, "Second opinion please.", records: Record(record));

        Assert.Contains(subspecialty, result.Subspecialties);
        var hit = Assert.Single(result.Evidence, e => e.Finding == subspecialty && e.Source != "form:category");
        Assert.Equal("document:d1", hit.Source);
    }

    [Fact]
    public void a_subspecialty_that_does_not_serve_the_category_is_not_asked_for()
    {
        var cardiac = Assess(CaseCategory.Cardiac, "I need a stent?", records: Record("History of prostate cancer, PSA 0.1 ng/mL. 80% stenosis of the mid LAD."));

        Assert.DoesNotContain("urologic-oncology", cardiac.Subspecialties);
        Assert.Contains("interventional-cardiology", cardiac.Subspecialties);
    }

    [Fact]
    public void another_person_s_condition_asks_for_no_subspecialty()
    {
        var result = Assess(CaseCategory.Oncology, "My mother had breast cancer; what about my prostate cancer?");

        Assert.DoesNotContain("breast-oncology", result.Subspecialties);
        Assert.Contains("urologic-oncology", result.Subspecialties);
    }

    [Fact]
    public void a_form_field_hit_names_the_field()
    {
        var result = Assess(CaseCategory.Oncology, "Should I have treatment?", diagnosis: "Localised prostate cancer");

        var hit = Assert.Single(result.Evidence, e => e.Finding == "urologic-oncology");
        Assert.Equal("form:currentDiagnosis", hit.Source);
        Assert.Contains("prostate cancer", hit.Phrase);
        Assert.Null(hit.DocumentId);
    }

    [Fact]
    public void evidence_quotes_only_the_fact_s_own_phrase_so_a_name_printed_beside_it_does_not_travel()
    {
        var result = Assess(CaseCategory.Oncology, "Is surgery needed?", records: Record("PSA 8.1 ng/mL. Patient Jane Roe, MRN 12345. Gleason 3+4=7 for Jane Roe."));

        Assert.NotEmpty(result.Evidence);
        Assert.All(result.Evidence, e => Assert.DoesNotContain("Roe", e.Phrase, StringComparison.Ordinal));
        Assert.Contains(result.Evidence, e => e.Phrase == "PSA 8.1 ng/mL");
    }

    [Fact]
    public void the_panel_never_exceeds_four_seats_and_leads_with_the_category_s_subspecialty()
    {
        var result = Assess(CaseCategory.Oncology, "Radiotherapy or surgery?",
            records: Record("Adenocarcinoma of the prostate, Gleason 4+4=8, PSA 22 ng/mL. Invasive ductal carcinoma of the left breast, ER positive. Bone metastases."));

        Assert.Equal(TriageRules.MaxSeats, result.Subspecialties.Count);
        Assert.Equal("medical-oncology", result.Subspecialties[0]);
        Assert.Equal("urologic-oncology", result.Subspecialties[1]);
    }

    [Fact]
    public void the_panel_always_has_at_least_two_seats()
    {
        foreach (var category in Enum.GetValues<CaseCategory>())
            Assert.True(Assess(category, "?").Subspecialties.Count >= TriageRules.MinSeats, category.ToString());
    }

    [Fact]
    public void every_subspecialty_triage_can_ask_for_is_in_the_taxonomy()
    {
        Assert.All(TriageRules.EmittableSubspecialties, id => Assert.True(Subspecialties.IsKnown(id), id));
    }

    // Urgency from asserted critical findings and values.
    [Theory]
    [InlineData("Echo: LVEF 25%.", "lvef-below-30")]
    [InlineData("AVA 0.7 cm2.", "critical-aortic-stenosis")]
    [InlineData("Aortic valve mean gradient 48 mmHg.", "critical-aortic-stenosis")]
    [InlineData("Critical aortic stenosis.", "critical-aortic-stenosis")]
    [InlineData("Left main 60% stenosis.", "left-main-stenosis")]
    [InlineData("CT: metastatic disease to the liver.", "metastatic-disease")]
    [InlineData("cT3 N1 M1", "metastatic-disease")]
    [InlineData("MRI: spinal cord compression at T8.", "cord-compression")]
    [InlineData("IOP 46 mmHg OD.", "iop-40-or-more")]
    [InlineData("Rhegmatogenous retinal detachment, macula on.", "retinal-detachment")]
    [InlineData("Acute ischemic stroke, NIHSS 12.", "acute-stroke")]
    [InlineData("Acute decompensated heart failure.", "acute-heart-failure")]
    public void a_critical_finding_makes_the_case_urgent_and_keeps_its_fact(string record, string rule)
    {
        var result = Assess(CaseCategory.Other, "Please review.", records: Record(record, "doc-9"));

        Assert.Equal(Urgency.Urgent, result.Urgency);
        var evidence = result.Evidence.First(e => e.Finding == "urgency:urgent");
        Assert.Equal(rule, evidence.Rule);
        Assert.Equal(("doc-9", 1, "document:doc-9"), (evidence.DocumentId, evidence.Page, evidence.Source));
        Assert.NotNull(evidence.FactKind);
        Assert.Equal(AssertionStatus.Present, evidence.Assertion);
        var fact = ClinicalFactExtractor.Extract(record, "doc-9").First(f => f.Value == evidence.FactValue);
        Assert.Equal(record.Substring(evidence.Start!.Value, evidence.Length!.Value), record.Substring(fact.Location!.Start, fact.Location.Length));
    }

    [Theory]
    [InlineData("HbA1c 11.2%.", "hba1c-10-or-more")]
    [InlineData("eGFR 11 mL/min/1.73m2.", "egfr-below-15")]
    [InlineData("Gleason 4+5=9.", "high-risk-prostate-cancer")]
    [InlineData("BI-RADS 5.", "bi-rads-5")]
    public void a_high_risk_value_makes_the_case_expedited(string record, string rule)
    {
        var result = Assess(CaseCategory.Other, "Please review.", records: Record(record));

        Assert.Equal(Urgency.Expedited, result.Urgency);
        Assert.Equal(rule, result.Evidence.First(e => e.Finding == "urgency:expedited").Rule);
    }

    [Theory]
    [InlineData("No evidence of metastasis.")]
    [InlineData("There is no evidence of metastatic disease.")]
    [InlineData("Non-metastatic disease.")]
    [InlineData("Negative for retinal detachment.")]
    [InlineData("No cord compression.")]
    [InlineData("Mother had metastatic breast cancer.")]
    [InlineData("History of acute ischemic stroke in 2012.")]
    public void a_negated_someone_else_s_or_past_critical_finding_does_not_make_a_case_urgent(string record)
    {
        var result = Assess(CaseCategory.Oncology, "Please review.", records: Record(record));

        Assert.Equal(Urgency.Routine, result.Urgency);
        Assert.DoesNotContain(result.Evidence, e => e.Finding.StartsWith("urgency:", StringComparison.Ordinal));
    }

    [Fact]
    public void a_possible_critical_finding_makes_the_case_expedited_not_urgent()
    {
        var result = Assess(CaseCategory.Oncology, "Please review.", records: Record("Metastatic disease cannot be excluded."));

        Assert.Equal(Urgency.Expedited, result.Urgency);
        Assert.Equal(AssertionStatus.Possible, result.Evidence.Single(e => e.Finding == "urgency:expedited").Assertion);
    }

    [Fact]
    public void an_asserted_finding_after_a_negated_one_still_counts()
    {
        var result = Assess(CaseCategory.Oncology, "No metastasis in the liver, but metastatic spread to bone.");

        Assert.Equal(Urgency.Urgent, result.Urgency);
    }

    [Fact]
    public void urgent_wins_over_expedited_and_leads_the_urgency_evidence()
    {
        var result = Assess(CaseCategory.Diabetes, "HbA1c 12%.", records: Record("Diabetic ketoacidosis on admission."));

        Assert.Equal(Urgency.Urgent, result.Urgency);
        Assert.Equal("diabetic-ketoacidosis", result.Evidence.First(e => e.Finding.StartsWith("urgency:", StringComparison.Ordinal)).Rule);
        Assert.Contains(result.Evidence, e => e.Rule == "hba1c-10-or-more");
    }

    [Fact]
    public void a_case_without_critical_findings_is_routine()
    {
        var result = Assess(CaseCategory.Ocular, "Glaucoma drops are not helping.", records: Record("IOP 22 mmHg OD, 21 mmHg OS. Primary open-angle glaucoma."));

        Assert.Equal(Urgency.Routine, result.Urgency);
    }

    [Fact]
    public void every_urgency_rule_id_is_unique()
    {
        Assert.Equal(UrgencyRules.All.Count, UrgencyRules.All.Select(r => r.Id).Distinct().Count());
    }
}
