using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Tests.Review;

public sealed class ConsensusBuilderTests
{
    private static ReviewerOpinion Said(string specialistId, Agreement agreement, bool surgery, double confidence) =>
        new($"case-1-seat-{specialistId}-1", specialistId, "medical-oncology",
            new Opinion(agreement, "diagnosis", "recommendation", surgery, confidence, "narrative", [], DateTimeOffset.UnixEpoch));

    [Fact]
    public void no_opinions_leaves_the_case_for_the_medical_director()
    {
        var result = ConsensusBuilder.Reconcile([]);

        Assert.Null(result.Agreement);
        Assert.Null(result.SurgeryNecessary);
        Assert.False(result.Concordant);
        Assert.Equal(0, result.OpinionCount);
        Assert.Equal(0, result.MeanConfidence);
        Assert.Empty(result.DissentingSpecialists);
        Assert.Contains("medical director", result.Summary);
    }

    [Fact]
    public void unanimous_opinions_are_concordant_with_no_dissent()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Confirm, false, 0.9),
            Said("b", Agreement.Confirm, false, 0.8),
            Said("c", Agreement.Confirm, false, 0.7),
        ]);

        Assert.True(result.Concordant);
        Assert.Equal(Agreement.Confirm, result.Agreement);
        Assert.False(result.SurgeryNecessary);
        Assert.Empty(result.DissentingSpecialists);
        Assert.Equal(3, result.OpinionCount);
        Assert.StartsWith("All 3 reviewers agree", result.Summary);
        Assert.Contains("surgery is not considered necessary", result.Summary);
    }

    [Fact]
    public void a_single_opinion_is_concordant()
    {
        var result = ConsensusBuilder.Reconcile([Said("a", Agreement.Disagree, true, 0.6)]);

        Assert.True(result.Concordant);
        Assert.Equal(Agreement.Disagree, result.Agreement);
        Assert.True(result.SurgeryNecessary);
    }

    [Fact]
    public void the_majority_agreement_leads_and_the_dissenter_is_named()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Modify, true, 0.7),
            Said("b", Agreement.Modify, true, 0.6),
            Said("c", Agreement.Confirm, true, 0.99),
        ]);

        Assert.False(result.Concordant);
        Assert.Equal(Agreement.Modify, result.Agreement);
        Assert.True(result.SurgeryNecessary);
        Assert.Equal(["c"], result.DissentingSpecialists);
        Assert.Contains("1 of 3 reviewers dissent", result.Summary);
        Assert.Contains("recommends modifying", result.Summary);
    }

    [Fact]
    public void a_minority_answer_on_surgery_is_dissent_even_when_agreement_is_unanimous()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Confirm, true, 0.8),
            Said("b", Agreement.Confirm, true, 0.8),
            Said("c", Agreement.Confirm, false, 0.8),
        ]);

        Assert.False(result.Concordant);
        Assert.True(result.SurgeryNecessary);
        Assert.Equal(["c"], result.DissentingSpecialists);
    }

    [Fact]
    public void a_tie_on_agreement_is_broken_by_the_more_confident_side()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Confirm, false, 0.55),
            Said("b", Agreement.Disagree, false, 0.95),
        ]);

        Assert.Equal(Agreement.Disagree, result.Agreement);
        Assert.False(result.Concordant);
        Assert.Equal(["a"], result.DissentingSpecialists);
    }

    [Fact]
    public void a_tie_on_agreement_and_confidence_falls_back_to_the_first_agreement_value()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Modify, false, 0.8),
            Said("b", Agreement.Confirm, false, 0.8),
        ]);

        Assert.Equal(Agreement.Confirm, result.Agreement);
    }

    [Fact]
    public void an_even_split_on_surgery_gives_no_surgery_answer_and_is_not_concordant()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("b", Agreement.Confirm, true, 0.8),
            Said("a", Agreement.Confirm, false, 0.8),
        ]);

        Assert.Null(result.SurgeryNecessary);
        Assert.False(result.Concordant);
        Assert.Equal(Agreement.Confirm, result.Agreement);
        Assert.Contains("split on whether surgery is necessary", result.Summary);
        // Nobody is singled out as dissenting when there is no majority to dissent from.
        Assert.Empty(result.DissentingSpecialists);
    }

    [Fact]
    public void mean_confidence_is_the_average_rounded_to_three_decimals()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("a", Agreement.Confirm, false, 0.9),
            Said("b", Agreement.Confirm, false, 0.8),
            Said("c", Agreement.Confirm, false, 0.75),
        ]);

        Assert.Equal(0.817, result.MeanConfidence);
    }

    [Fact]
    public void dissenters_are_listed_once_in_ordinal_order()
    {
        var result = ConsensusBuilder.Reconcile([
            Said("m", Agreement.Confirm, false, 0.9),
            Said("n", Agreement.Confirm, false, 0.9),
            Said("n", Agreement.Confirm, false, 0.9),
            Said("Z", Agreement.Disagree, false, 0.5),
            Said("b", Agreement.Modify, false, 0.5),
            Said("b", Agreement.Modify, false, 0.5),
        ]);

        Assert.Equal(["Z", "b"], result.DissentingSpecialists);
        Assert.Contains("2 of 6 reviewers dissent", result.Summary);
    }

    private static ReviewerOpinion Recommends(string specialistId, RecommendationKind? kind, bool surgery = false, double confidence = 0.8) =>
        new(specialistId + "-a", specialistId, "medical-oncology",
            new Opinion(Agreement.Modify, "diagnosis", "recommendation", surgery, confidence, "narrative", [], DateTimeOffset.UnixEpoch) { RecommendationKind = kind });

    [Fact]
    public void two_reviewers_who_modify_towards_different_kinds_disagree()
    {
        var result = ConsensusBuilder.Reconcile([Recommends("a", RecommendationKind.Radiation), Recommends("b", RecommendationKind.Surveillance, confidence: 0.6)]);

        Assert.False(result.Concordant);
        Assert.Equal(["b"], result.DissentingSpecialists);
        Assert.Contains("towards radiation", result.Summary);
    }

    [Fact]
    public void reviewers_who_modify_towards_the_same_kind_agree()
    {
        var result = ConsensusBuilder.Reconcile([Recommends("a", RecommendationKind.MedicalTherapy), Recommends("b", RecommendationKind.MedicalTherapy)]);

        Assert.True(result.Concordant);
        Assert.Empty(result.DissentingSpecialists);
        Assert.Contains("towards medical therapy", result.Summary);
    }

    [Fact]
    public void an_opinion_without_a_kind_takes_it_from_surgery_necessary()
    {
        Assert.Equal(RecommendationKind.Surgery, Recommends("a", null, surgery: true).Opinion.Kind);
        Assert.Equal(RecommendationKind.MedicalTherapy, Recommends("a", null, surgery: false).Opinion.Kind);
        // Old opinions (no kind) against a new one of the same kind: no disagreement.
        Assert.True(ConsensusBuilder.Reconcile([Recommends("a", null), Recommends("b", RecommendationKind.MedicalTherapy)]).Concordant);
        Assert.False(ConsensusBuilder.Reconcile([Recommends("a", null), Recommends("b", RecommendationKind.MoreTests)]).Concordant);
    }
}
