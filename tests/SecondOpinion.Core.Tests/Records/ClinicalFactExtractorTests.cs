using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class ClinicalFactExtractorTests
{
    private static IEnumerable<string> Values(IEnumerable<ClinicalFact> facts, string kind) =>
        facts.Where(f => f.Kind == kind).Select(f => f.Value);

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void empty_text_has_no_facts(string text)
    {
        Assert.Empty(ClinicalFactExtractor.Extract(text));
    }

    [Fact]
    public void text_without_clinical_terms_has_no_facts()
    {
        Assert.Empty(ClinicalFactExtractor.Extract("The patient attended with her daughter and was given a leaflet."));
    }

    [Fact]
    public void named_diagnoses_procedures_and_medications_are_found_with_their_kind()
    {
        var facts = ClinicalFactExtractor.Extract("Atrial fibrillation on warfarin. Ablation was discussed; a stent placed in 2019.");

        Assert.Equal(["unspecified atrial fibrillation"], Values(facts, FactKinds.Diagnosis));
        Assert.Equal(["ablation", "percutaneous coronary intervention"], Values(facts, FactKinds.Procedure));
        Assert.Equal(["warfarin"], Values(facts, FactKinds.Medication));
    }

    [Theory]
    [InlineData("Adenocarcinoma of the prostate, Gleason 3+4.", "C61", "oncology")]
    [InlineData("Prostatic adenocarcinoma", "C61", "oncology")]
    [InlineData("Invasive ductal carcinoma, left breast", "C50", "oncology")]
    [InlineData("Carcinoma of the right breast", "C50", "oncology")]
    [InlineData("Non-small cell lung cancer, stage IIIA", "C34", "oncology")]
    [InlineData("Glioblastoma, IDH wild type", "C71", "oncology")]
    [InlineData("Severe aortic stenosis", "I35.0", "cardiac")]
    [InlineData("Three vessel coronary artery disease", "I25.10", "cardiac")]
    [InlineData("Heart failure with reduced EF (HFrEF)", "I50.9", "cardiac")]
    [InlineData("Relapsing remitting multiple sclerosis", "G35", "neurology")]
    [InlineData("Temporal lobe epilepsy", "G40.909", "neurology")]
    [InlineData("Acute ischemic stroke in the left MCA territory", "I63.9", "neurology")]
    [InlineData("Type 2 diabetes mellitus, poorly controlled", "E11.9", "diabetes")]
    [InlineData("Diabetic nephropathy", "E11.21", "diabetes")]
    [InlineData("Proliferative diabetic retinopathy", "E11.319", "ocular")]
    [InlineData("Primary open-angle glaucoma", "H40.11", "ocular")]
    [InlineData("Neovascular age-related macular degeneration", "H35.32", "ocular")]
    [InlineData("Osteoarthritis of the right knee", "M17.9", "orthopedic")]
    [InlineData("Adolescent idiopathic scoliosis", "M41.9", "orthopedic")]
    [InlineData("Complex tear of the medial meniscus", "S83.209A", "orthopedic")]
    [InlineData("前立腺癌の診断", "C61", "oncology")]
    [InlineData("2型糖尿病", "E11.9", "diabetes")]
    [InlineData("Acute ischemic stroke", "I63.9", "neurology")]
    [InlineData("Acute myeloid leukemia", "C95.9", "oncology")]
    [InlineData("Recurrent hypoglycemic episodes", "E11.649", "diabetes")]
    public void a_diagnosis_named_in_words_is_mapped_to_its_icd10_category(string text, string code, string category)
    {
        var diagnosis = Assert.Single(ClinicalFactExtractor.Extract(text), f => f.Kind == FactKinds.Diagnosis && f.Code == code);
        Assert.Equal(category, diagnosis.Category);
    }

    [Fact]
    public void the_more_specific_phrase_wins_over_the_words_inside_it()
    {
        var facts = ClinicalFactExtractor.Extract("Adenocarcinoma of the prostate. Ductal carcinoma in situ.");

        Assert.Equal(["malignant neoplasm of prostate", "intraductal carcinoma in situ of breast"], Values(facts, FactKinds.Diagnosis));
    }

    [Fact]
    public void a_report_heading_is_not_a_procedure() =>
        Assert.DoesNotContain(ClinicalFactExtractor.Extract("SURGICAL PATHOLOGY REPORT"), f => f.Kind == FactKinds.Procedure);

    [Fact]
    public void a_term_inside_a_longer_word_is_not_a_fact()
    {
        var facts = ClinicalFactExtractor.Extract("Nystatin prescribed. Asthma reviewed.");

        Assert.DoesNotContain("statin", Values(facts, FactKinds.Medication));
        Assert.DoesNotContain(facts, f => f.Code == "I35.0");
    }

    [Fact]
    public void an_abbreviation_in_capitals_is_not_read_in_an_ordinary_word()
    {
        Assert.Contains(ClinicalFactExtractor.Extract("Known MS, on ocrelizumab."), f => f.Code == "G35");
        Assert.DoesNotContain(ClinicalFactExtractor.Extract("The ms was sent as well as the report."), f => f.Code == "G35");
    }

    [Fact]
    public void a_printed_code_is_a_fact_with_its_category()
    {
        var facts = ClinicalFactExtractor.Extract("Dx: E11.65, H40.11X0. History: Z85.3.");

        Assert.Equal(["E11.65", "H40.11X0", "Z85.3"], Values(facts, FactKinds.Icd10));
        Assert.Equal("diabetes", facts.Single(f => f.Value == "E11.65").Category);
        Assert.Equal("ocular", facts.Single(f => f.Value == "H40.11X0").Category);
        Assert.Equal(AssertionStatus.Historical, facts.Single(f => f.Value == "Z85.3").Assertion);
    }

    [Fact]
    public void every_fact_points_exactly_at_its_phrase_in_the_page()
    {
        var text = "CLINICAL HISTORY:\n  Known type 2 diabetes.\nECHO: LVEF 30-35%, AVA 0.8 cm2, mean gradient 44 mmHg.\nImpression: severe aortic stenosis; refer for TAVR.";

        var facts = ClinicalFactExtractor.Extract(text, "d07", 3);

        Assert.NotEmpty(facts);
        foreach (var fact in facts)
        {
            Assert.Equal(("d07", 3), (fact.Location!.DocumentId, fact.Location.Page));
            var phrase = text.Substring(fact.Location.Start, fact.Location.Length);
            Assert.Equal(string.Join(' ', phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), fact.Evidence);
        }
        Assert.Equal("LVEF 30-35%", text.Substring(facts.Single(f => f.Value == "lvef=30-35%").Location!.Start, facts.Single(f => f.Value == "lvef=30-35%").Location!.Length));
        var stenosis = facts.Single(f => f.Code == "I35.0");
        Assert.Equal("severe aortic stenosis", text.Substring(stenosis.Location!.Start, stenosis.Location.Length));
        Assert.Contains("Impression: severe aortic stenosis", stenosis.Context);
    }

    [Fact]
    public async Task the_lexicon_engine_reads_each_page_with_spans_in_that_page()
    {
        var pages = new[]
        {
            new PageText(1, "Referral letter.", ReadingEngines.TextLayer),
            new PageText(2, "Biopsy: adenocarcinoma of the prostate.", ReadingEngines.Tesseract, 0.91),
        };

        var facts = await new LexiconFactEngine().ExtractAsync("doc-1", pages);

        var cancer = Assert.Single(facts, f => f.Code == "C61");
        Assert.Equal(new FactLocation("doc-1", 2, 8, "adenocarcinoma of the prostate".Length), cancer.Location);
        Assert.All(facts, f => Assert.Equal(FactEngines.Lexicon, f.Engine));
    }

    [Fact]
    public void repeated_facts_on_a_page_are_reported_once_at_their_first_place()
    {
        var text = "Biopsy 1: benign. Biopsy 2: benign. PSA 4.1 ng/mL. Repeat psa 4.1 ng/mL. Stage IIB; stage IIB.";
        var facts = ClinicalFactExtractor.Extract(text);

        Assert.Equal(0, Assert.Single(facts, f => f.Value == "biopsy").Location!.Start);
        Assert.Single(facts, f => f.Value == "psa=4.1ng/mL");
        Assert.Single(facts, f => f.Value == "stage=IIB");
    }

    [Fact]
    public void different_values_of_the_same_measurement_are_kept()
    {
        var facts = ClinicalFactExtractor.Extract("PSA 4.1 ng/mL in March, PSA 8.3 ng/mL in May.");

        Assert.Equal(["psa=4.1ng/mL", "psa=8.3ng/mL"], Values(facts, FactKinds.Measurement));
    }

    [Fact]
    public void a_negated_and_an_asserted_mention_of_the_same_diagnosis_on_a_page_are_both_kept()
    {
        var facts = ClinicalFactExtractor.Extract("No metastasis in the liver. Metastatic spread to bone is present.");

        Assert.Equal([AssertionStatus.Negated, AssertionStatus.Present], facts.Where(f => f.Code == "C79.9").Select(f => f.Assertion));
    }

    [Fact]
    public void each_fact_carries_a_short_whitespace_normalised_context_around_it()
    {
        var text = new string('a', 60) + " ... clinic\n\nletter:  chemotherapy   was   offered ... " + new string('z', 60);

        var fact = Assert.Single(ClinicalFactExtractor.Extract(text));

        Assert.Equal("chemotherapy", fact.Value);
        Assert.Equal("chemotherapy", fact.Evidence);
        Assert.Contains("letter: chemotherapy was offered", fact.Context);
        Assert.DoesNotContain("\n", fact.Context);
        Assert.True(fact.Context!.Length <= "chemotherapy".Length + 80, fact.Context);
    }
}
