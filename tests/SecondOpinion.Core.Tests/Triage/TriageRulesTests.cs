using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Triage;

namespace SecondOpinion.Core.Tests.Triage;

public sealed class TriageRulesTests
{
    private static TriageResult Assess(CaseCategory category, string question, string? diagnosis = null, string? treatment = null,
        IReadOnlyDictionary<string, string>? records = null) =>
        TriageRules.Assess(new TriageInput(category, question, diagnosis, treatment, records ?? new Dictionary<string, string>()));

    [Theory]
    [InlineData(CaseCategory.Oncology, "medical-oncology")]
    [InlineData(CaseCategory.Cardiac, "cardiology")]
    [InlineData(CaseCategory.Neurology, "neurology")]
    [InlineData(CaseCategory.Diabetes, "endocrinology")]
    [InlineData(CaseCategory.Ocular, "ophthalmology")]
    [InlineData(CaseCategory.Orthopedic, "orthopedic-surgery")]
    [InlineData(CaseCategory.Other, "internal-medicine")]
    public void the_category_decides_the_primary_subspecialty_and_is_recorded_as_evidence(CaseCategory category, string primary)
    {
        var result = Assess(category, "Please review my case.");

        Assert.Equal(primary, result.Subspecialties[0]);
        Assert.Equal(new TriageEvidence(primary, category.ToString().ToLowerInvariant(), "form:category"), result.Evidence[0]);
        Assert.Equal(category, result.Category);
    }

    [Theory]
    [InlineData(CaseCategory.Oncology, "medical-oncology", "surgical-oncology")]
    [InlineData(CaseCategory.Cardiac, "cardiology", "cardiothoracic-surgery")]
    [InlineData(CaseCategory.Diabetes, "endocrinology", "internal-medicine")]
    [InlineData(CaseCategory.Other, "internal-medicine", "radiology")]
    public void a_case_without_specific_findings_gets_the_default_second_seat_of_its_category(CaseCategory category, string primary, string second)
    {
        var result = Assess(category, "Is my doctor right?");

        Assert.Equal([primary, second], result.Subspecialties);
    }

    [Fact]
    public void a_rule_hit_in_a_form_field_keeps_the_phrase_and_names_the_field()
    {
        var result = Assess(CaseCategory.Oncology, "Should I have treatment?", diagnosis: "Localised prostate cancer");

        var hit = Assert.Single(result.Evidence, e => e.Finding == "urologic-oncology");
        Assert.Equal("form:currentDiagnosis", hit.Source);
        Assert.Contains("prostate", hit.Phrase);
        Assert.Contains("urologic-oncology", result.Subspecialties);
    }

    [Fact]
    public void a_rule_hit_in_a_record_names_the_document_it_came_from()
    {
        var records = new Dictionary<string, string> { ["doc-7"] = "Histology report: specimen received in formalin." };

        var result = Assess(CaseCategory.Neurology, "Second opinion please.", records: records);

        var hit = Assert.Single(result.Evidence, e => e.Finding == "pathology");
        Assert.Equal("document:doc-7", hit.Source);
        Assert.Contains("Histology", hit.Phrase);
    }

    [Fact]
    public void form_fields_are_searched_before_records_and_records_in_document_id_order()
    {
        var records = new Dictionary<string, string> { ["doc-b"] = "biopsy taken", ["doc-a"] = "biopsy taken" };

        var fromRecords = Assess(CaseCategory.Other, "What next?", records: records);
        var fromForm = Assess(CaseCategory.Other, "What next?", treatment: "Repeat biopsy", records: records);

        Assert.Equal("document:doc-a", Assert.Single(fromRecords.Evidence, e => e.Finding == "pathology").Source);
        Assert.Equal("form:proposedTreatment", Assert.Single(fromForm.Evidence, e => e.Finding == "pathology").Source);
    }

    [Fact]
    public void a_category_restricted_rule_does_not_fire_for_other_categories()
    {
        var cardiac = Assess(CaseCategory.Cardiac, "My mother had breast cancer; I need a stent?");
        var oncology = Assess(CaseCategory.Oncology, "I had a stent placed years ago; now breast lump.");

        Assert.DoesNotContain("breast-oncology", cardiac.Subspecialties);
        Assert.Contains("interventional-cardiology", cardiac.Subspecialties);
        Assert.DoesNotContain("interventional-cardiology", oncology.Subspecialties);
        Assert.Contains("breast-oncology", oncology.Subspecialties);
    }

    [Fact]
    public void an_unrestricted_rule_fires_for_any_category()
    {
        var result = Assess(CaseCategory.Other, "MRI suggests a low-grade glioma.");

        Assert.Contains("neuro-oncology", result.Subspecialties);
    }

    [Fact]
    public void terms_match_whole_words_only_so_psa_does_not_match_inside_capsaicin()
    {
        var result = Assess(CaseCategory.Oncology, "I use capsaicin cream for joint pain.");

        Assert.DoesNotContain("urologic-oncology", result.Subspecialties);
        Assert.DoesNotContain(result.Evidence, e => e.Finding == "urologic-oncology");
    }

    [Theory]
    [InlineData("My PSA was 8.1 last month.")]
    [InlineData("psa:8.1")]
    [InlineData("(PSA) rising")]
    [InlineData("GLEASON score reported")]
    public void terms_match_case_insensitively_between_punctuation_and_digits(string question)
    {
        var result = Assess(CaseCategory.Oncology, question);

        Assert.Contains("urologic-oncology", result.Subspecialties);
    }

    [Fact]
    public void a_whole_word_is_found_even_after_the_same_letters_appear_inside_another_word()
    {
        var result = Assess(CaseCategory.Oncology, "I use capsaicin cream. My PSA rose to 8.1 ng/mL.");

        Assert.Contains("urologic-oncology", result.Subspecialties);
    }

    [Fact]
    public void one_rule_hit_replaces_the_default_second_seat()
    {
        var result = Assess(CaseCategory.Cardiac, "They want to put in a stent.");

        Assert.Equal(["cardiology", "interventional-cardiology"], result.Subspecialties);
    }

    [Fact]
    public void a_rule_naming_the_default_second_seat_does_not_add_it_twice()
    {
        var result = Assess(CaseCategory.Neurology, "A craniotomy has been proposed.");

        Assert.Equal(["neurology", "neurosurgery"], result.Subspecialties);
    }

    [Fact]
    public void the_panel_never_exceeds_four_seats_and_keeps_rule_order()
    {
        var result = Assess(CaseCategory.Oncology, "Prostate and breast findings; radiation or surgery after the biopsy?");

        Assert.Equal(TriageRules.MaxSeats, result.Subspecialties.Count);
        Assert.Equal(["medical-oncology", "urologic-oncology", "breast-oncology", "radiation-oncology"], result.Subspecialties);
    }

    [Fact]
    public void the_panel_always_has_at_least_two_seats()
    {
        foreach (var category in Enum.GetValues<CaseCategory>())
            Assert.True(Assess(category, "?").Subspecialties.Count >= TriageRules.MinSeats, category.ToString());
    }

    [Fact]
    public void the_evidence_phrase_is_a_whitespace_normalised_window_around_the_term()
    {
        var question = new string('x', 50) + "\n\n  Gleason   score\tis high " + new string('y', 50);

        var hit = Assert.Single(Assess(CaseCategory.Oncology, question).Evidence, e => e.Finding == "urologic-oncology");

        Assert.Contains("Gleason score is high", hit.Phrase);
        Assert.DoesNotContain("\n", hit.Phrase);
        Assert.DoesNotContain("  ", hit.Phrase);
        Assert.True(hit.Phrase.Length <= "Gleason".Length + 60, hit.Phrase);
    }

    [Fact]
    public void an_urgent_term_makes_the_case_urgent_with_evidence()
    {
        var result = Assess(CaseCategory.Oncology, "Scan shows metastatic disease.");

        Assert.Equal(Urgency.Urgent, result.Urgency);
        var evidence = Assert.Single(result.Evidence, e => e.Finding == "urgency:urgent");
        Assert.Equal("form:question", evidence.Source);
        Assert.Contains("metastatic", evidence.Phrase);
    }

    [Fact]
    public void an_expedited_term_makes_the_case_expedited_with_evidence()
    {
        var records = new Dictionary<string, string> { ["d1"] = "Patient is scheduled for surgery on the 14th." };

        var result = Assess(CaseCategory.Orthopedic, "Do I need this operation?", records: records);

        Assert.Equal(Urgency.Expedited, result.Urgency);
        var evidence = Assert.Single(result.Evidence, e => e.Finding == "urgency:expedited");
        Assert.Equal("document:d1", evidence.Source);
    }

    [Fact]
    public void urgent_wins_over_expedited_even_when_the_expedited_term_comes_first()
    {
        var records = new Dictionary<string, string> { ["d1"] = "Acute bleeding noted." };

        var result = Assess(CaseCategory.Cardiac, "Surgery is scheduled next week.", records: records);

        Assert.Equal(Urgency.Urgent, result.Urgency);
        Assert.DoesNotContain(result.Evidence, e => e.Finding == "urgency:expedited");
    }

    [Fact]
    public void a_case_without_urgency_terms_is_routine_and_has_no_urgency_evidence()
    {
        var result = Assess(CaseCategory.Ocular, "Glaucoma drops are not helping.", diagnosis: null, treatment: null);

        Assert.Equal(Urgency.Routine, result.Urgency);
        Assert.DoesNotContain(result.Evidence, e => e.Finding.StartsWith("urgency:", StringComparison.Ordinal));
    }

    [Fact]
    public void urgency_terms_also_match_whole_words_only()
    {
        // "acute" inside "subacute"-like words must not count; "emergency" inside "nonemergency" neither.
        var result = Assess(CaseCategory.Other, "A nonemergency referral; symptoms are subacuteish.");

        Assert.Equal(Urgency.Routine, result.Urgency);
    }

    [Theory]
    [InlineData("Biopsy shows non-metastatic disease.")]
    [InlineData("Imaging: no metastasis seen.")]
    [InlineData("Patient denies bleeding.")]
    public void negated_urgency_terms_do_not_make_a_case_urgent(string question)
    {
        var result = Assess(CaseCategory.Oncology, question);

        Assert.Equal(Urgency.Routine, result.Urgency);
    }

    [Fact]
    public void an_unnegated_urgency_term_after_a_negated_one_still_counts()
    {
        var result = Assess(CaseCategory.Oncology, "No metastasis in the liver, but metastatic spread to bone.");

        Assert.Equal(Urgency.Urgent, result.Urgency);
    }
}
