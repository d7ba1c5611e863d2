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
    public void named_conditions_procedures_and_medications_are_found_with_their_kind()
    {
        var facts = ClinicalFactExtractor.Extract("History of atrial fibrillation on warfarin. Ablation was discussed; a stent placed in 2019.");

        Assert.Equal(["atrial fibrillation"], Values(facts, "condition"));
        Assert.Equal(["stent", "ablation"], Values(facts, "procedure"));
        Assert.Equal(["warfarin"], Values(facts, "medication"));
    }

    [Fact]
    public void lexicon_terms_match_case_insensitively_and_keep_the_lexicon_spelling()
    {
        var facts = ClinicalFactExtractor.Extract("BIOPSY: ADENOCARCINOMA.");

        Assert.Contains(facts, f => f is { Kind: "procedure", Value: "biopsy" });
        Assert.Contains(facts, f => f is { Kind: "condition", Value: "adenocarcinoma" });
    }

    [Fact]
    public void a_term_inside_a_longer_word_is_not_a_fact()
    {
        var facts = ClinicalFactExtractor.Extract("Adenocarcinoma of the prostate. Nystatin prescribed.");

        Assert.Contains("adenocarcinoma", Values(facts, "condition"));
        Assert.DoesNotContain("carcinoma", Values(facts, "condition"));
        Assert.DoesNotContain("statin", Values(facts, "medication"));
    }

    [Fact]
    public void a_whole_word_is_found_even_after_the_same_letters_appear_inside_another_word()
    {
        var facts = ClinicalFactExtractor.Extract("Nystatin for thrush. Started on a statin for LDL.");

        Assert.Contains("statin", Values(facts, "medication"));
    }

    [Theory]
    [InlineData("Gleason 3 + 4 = 7 in 4 of 12 cores", "Gleason 3 + 4 = 7")]
    [InlineData("gleason score 4+3=7", "gleason score 4+3=7")]
    [InlineData("Gleason 3+3 disease", "Gleason 3+3")]
    [InlineData("Tumour is stage IIB.", "stage IIB")]
    [InlineData("stage   IV disease", "stage IV")]
    [InlineData("Staged T2aN0M0 on MRI", "T2aN0M0")]
    public void staging_is_extracted_with_whitespace_normalised(string text, string staging)
    {
        Assert.Equal([staging], Values(ClinicalFactExtractor.Extract(text), "staging"));
    }

    [Fact]
    public void a_word_starting_like_a_stage_is_not_staging()
    {
        Assert.Empty(Values(ClinicalFactExtractor.Extract("The patient will stage in the ward."), "staging"));
    }

    [Theory]
    [InlineData("PSA 8.1 ng/mL on recheck", "PSA 8.1 ng/mL")]
    [InlineData("HbA1c: 7.2%", "HbA1c 7.2 %")]
    [InlineData("eGFR=45", "eGFR 45")]
    [InlineData("ejection fraction 35 %", "ejection fraction 35 %")]
    [InlineData("LDL 3.4 mmol/L", "LDL 3.4 mmol/L")]
    [InlineData("IOP 24 mmHg right eye", "IOP 24 mmHg")]
    public void lab_values_are_extracted_with_their_units(string text, string lab)
    {
        Assert.Equal([lab], Values(ClinicalFactExtractor.Extract(text), "lab"));
    }

    [Fact]
    public void repeated_facts_are_reported_once()
    {
        var facts = ClinicalFactExtractor.Extract("Biopsy 1: benign. Biopsy 2: benign. PSA 4.1 ng/mL. Repeat psa 4.1 ng/mL. Stage IIB; stage iib.");

        Assert.Single(facts, f => f.Value == "biopsy");
        Assert.Single(facts, f => f.Kind == "lab");
        Assert.Single(facts, f => f.Kind == "staging");
    }

    [Fact]
    public void different_values_of_the_same_lab_are_kept()
    {
        var facts = ClinicalFactExtractor.Extract("PSA 4.1 ng/mL in March, PSA 8.3 ng/mL in May.");

        Assert.Equal(["PSA 4.1 ng/mL", "PSA 8.3 ng/mL"], Values(facts, "lab"));
    }

    [Fact]
    public void each_fact_carries_a_short_whitespace_normalised_snippet_around_it()
    {
        var text = new string('a', 60) + " ... clinic\n\nletter:  chemotherapy   was   offered ... " + new string('z', 60);

        var fact = Assert.Single(ClinicalFactExtractor.Extract(text));

        Assert.Equal("chemotherapy", fact.Value);
        Assert.Contains("letter: chemotherapy was offered", fact.Evidence);
        Assert.DoesNotContain("\n", fact.Evidence);
        Assert.True(fact.Evidence.Length <= "chemotherapy".Length + 80, fact.Evidence);
    }
}
