using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

/// <summary>NegEx/ConText-style assertion: negated, possible, historical, another person's, or present.</summary>
public sealed class AssertionDetectorTests
{
    private static AssertionStatus Of(string text, string code) =>
        Assert.Single(ClinicalFactExtractor.Extract(text), f => f.Code == code).Assertion;

    [Theory]
    [InlineData("Biopsy confirms adenocarcinoma of the prostate.")]
    [InlineData("Findings consistent with metastatic disease.")]
    [InlineData("Metastatic disease to the liver.")]
    public void a_plain_statement_is_present(string text) =>
        Assert.Equal(AssertionStatus.Present, ClinicalFactExtractor.Extract(text).First(f => f.Kind == FactKinds.Diagnosis).Assertion);

    [Theory]
    [InlineData("No evidence of metastatic disease.", "C79.9")]
    [InlineData("There is no evidence of distant metastasis.", "C79.9")]
    [InlineData("Negative for malignancy.", "C80.1")]
    [InlineData("Patient denies seizures.", "R56.9")]
    [InlineData("Retinal detachment was ruled out.", "H33.2")]
    [InlineData("Metastases are not seen.", "C79.9")]
    [InlineData("Without diabetic retinopathy.", "E11.319")]
    [InlineData("Non-metastatic disease.", "C79.9")]
    [InlineData("転移なし。", "C79.9")]
    public void a_negation_trigger_negates(string text, string code) => Assert.Equal(AssertionStatus.Negated, Of(text, code));

    [Theory]
    [InlineData("No increase in the size of the known metastases.", "C79.9")]
    [InlineData("Non-small cell lung cancer.", "C34")]
    [InlineData("No change in the glioma.", "C71")]
    public void a_pseudo_trigger_does_not_negate(string text, string code) => Assert.Equal(AssertionStatus.Present, Of(text, code));

    [Theory]
    [InlineData("No lymphadenopathy, but metastatic disease in the liver.", "C79.9")]
    [InlineData("No fever; metastatic disease in the liver.", "C79.9")]
    [InlineData("No pain.\nMetastatic disease in the liver.", "C79.9")]
    public void a_termination_term_or_the_sentence_end_stops_the_scope(string text, string code) => Assert.Equal(AssertionStatus.Present, Of(text, code));

    [Fact]
    public void a_trigger_reaches_only_a_few_words()
    {
        Assert.Equal(AssertionStatus.Present, Of("No pain was reported at the visit in spring and the scan showed a glioma.", "C71"));
    }

    [Theory]
    [InlineData("Rule out retinal detachment.", "H33.2")]
    [InlineData("Findings suspicious for malignancy.", "C80.1")]
    [InlineData("Metastatic disease cannot be excluded.", "C79.9")]
    [InlineData("Possible multiple sclerosis.", "G35")]
    [InlineData("Cannot rule out cord compression.", "G95.20")]
    [InlineData("前立腺癌の疑い", "C61")]
    public void a_possibility_or_hypothesis_is_possible(string text, string code) => Assert.Equal(AssertionStatus.Possible, Of(text, code));

    [Theory]
    [InlineData("History of myocardial infarction.", "I21.9")]
    [InlineData("Status post mastectomy for breast cancer.", "C50")]
    [InlineData("Past medical history:\n- Hypertension\n- Atrial fibrillation", "I48.91")]
    [InlineData("Prior stroke in 2015.", "I63.9")]
    public void a_past_condition_is_historical(string text, string code) => Assert.Equal(AssertionStatus.Historical, Of(text, code));

    [Theory]
    [InlineData("Mother had breast cancer at 45.", "C50")]
    [InlineData("Family history of prostate cancer.", "C61")]
    [InlineData("Her father, who died at 70, had colon cancer.", "C18")]
    [InlineData("Family history:\nMaternal aunt with ovarian cancer.", "C56")]
    [InlineData("家族歴: 母 乳癌", "C50")]
    public void someone_else_s_condition_is_about_another_person(string text, string code) => Assert.Equal(AssertionStatus.OtherPerson, Of(text, code));

    [Fact]
    public void the_experiencer_does_not_reach_the_patient_s_own_condition()
    {
        var facts = ClinicalFactExtractor.Extract("Mother had breast cancer; the patient has prostate cancer.");
        Assert.Equal(AssertionStatus.OtherPerson, facts.Single(f => f.Code == "C50").Assertion);
        Assert.Equal(AssertionStatus.Present, facts.Single(f => f.Code == "C61").Assertion);
    }

    [Fact]
    public void no_history_of_is_negated_not_historical() => Assert.Equal(AssertionStatus.Negated, Of("No history of stroke.", "I63.9"));

    [Fact]
    public void a_family_history_of_something_is_not_the_patient_s_history() => Assert.Equal(AssertionStatus.OtherPerson, Of("Family history of stroke.", "I63.9"));

    [Fact]
    public void history_ends_where_the_record_says_now()
    {
        Assert.Equal(AssertionStatus.Present, Of("History of hypertension, now with acute stroke.", "I63.9"));
    }

    [Fact]
    public void a_measurement_is_present_even_next_to_a_negation_but_can_be_dated()
    {
        var facts = ClinicalFactExtractor.Extract("No symptoms. EF 25%.\nPrior EF 55%.");
        Assert.Equal(AssertionStatus.Present, facts.Single(f => f.Value == "lvef=25%").Assertion);
        Assert.Equal(AssertionStatus.Historical, facts.Single(f => f.Value == "lvef=55%").Assertion);
        Assert.Equal(AssertionStatus.Present, ClinicalFactExtractor.Extract("HER2 negative (1+).").Single(f => f.Kind == FactKinds.Measurement).Assertion);
    }

    [Fact]
    public void a_decimal_point_does_not_end_a_sentence()
    {
        Assert.Equal(AssertionStatus.Negated, Of("No 2.5 cm or larger metastatic lesion.", "C79.9"));
    }
}
