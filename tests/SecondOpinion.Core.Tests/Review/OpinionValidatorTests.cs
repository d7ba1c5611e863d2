using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Tests.Review;

public sealed class OpinionValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private static OpinionRequest Valid() =>
        new("confirm", "Gleason 7 adenocarcinoma", "Active surveillance", false, 0.8, "Reviewed the biopsy and MRI.", ["Yes, surveillance is safe."]);

    private static string[] ErrorsFor(ValidationErrors errors, string field) =>
        errors.ToDictionary().TryGetValue(field, out var messages) ? messages : [];

    private static void AssertOnlyError(OpinionRequest request, string field)
    {
        var (opinion, errors) = OpinionValidator.Validate(request, Now);
        Assert.Null(opinion);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void a_missing_body_is_rejected()
    {
        var (opinion, errors) = OpinionValidator.Validate(null, Now);

        Assert.Null(opinion);
        Assert.Equal(["A JSON body is required."], ErrorsFor(errors, "body"));
    }

    [Fact]
    public void a_valid_opinion_is_accepted_trimmed_and_stamped_with_the_submission_time()
    {
        var request = new OpinionRequest(" Modify ", "  Diagnosis  ", "\tRecommendation\n", true, 1, "  Narrative ", ["  first ", "second\n"]);

        var (opinion, errors) = OpinionValidator.Validate(request, Now);

        Assert.False(errors.Any);
        Assert.NotNull(opinion);
        Assert.Equal(Agreement.Modify, opinion.Agreement);
        Assert.Equal("Diagnosis", opinion.Diagnosis);
        Assert.Equal("Recommendation", opinion.Recommendation);
        Assert.Equal("Narrative", opinion.Narrative);
        Assert.Equal(["first", "second"], opinion.Answers);
        Assert.True(opinion.SurgeryNecessary);
        Assert.Equal(1, opinion.Confidence);
        Assert.Equal(Now, opinion.SubmittedAt);
    }

    [Theory]
    [InlineData("confirm", Agreement.Confirm)]
    [InlineData("MODIFY", Agreement.Modify)]
    [InlineData("Disagree", Agreement.Disagree)]
    public void agreement_accepts_its_names_in_any_case(string value, Agreement expected)
    {
        var (opinion, _) = OpinionValidator.Validate(Valid() with { Agreement = value }, Now);

        Assert.Equal(expected, opinion?.Agreement);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("agree")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("7")]
    public void agreement_rejects_missing_unknown_and_numeric_values(string? value)
    {
        AssertOnlyError(Valid() with { Agreement = value }, "agreement");
    }

    [Fact]
    public void agreement_rejects_a_comma_separated_list_of_names()
    {
        AssertOnlyError(Valid() with { Agreement = "confirm,modify" }, "agreement");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void confidence_from_zero_to_one_inclusive_is_accepted(double confidence)
    {
        var (opinion, _) = OpinionValidator.Validate(Valid() with { Confidence = confidence }, Now);

        Assert.Equal(confidence, opinion?.Confidence);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(null)]
    public void confidence_outside_zero_to_one_or_missing_is_rejected(double? confidence)
    {
        AssertOnlyError(Valid() with { Confidence = confidence }, "confidence");
    }

    [Fact]
    public void surgery_necessary_must_be_answered()
    {
        AssertOnlyError(Valid() with { SurgeryNecessary = null }, "surgeryNecessary");
    }

    [Theory]
    [InlineData("diagnosis")]
    [InlineData("recommendation")]
    [InlineData("narrative")]
    public void diagnosis_recommendation_and_narrative_are_required(string field)
    {
        var request = field switch
        {
            "diagnosis" => Valid() with { Diagnosis = "   " },
            "recommendation" => Valid() with { Recommendation = null },
            _ => Valid() with { Narrative = "" },
        };

        AssertOnlyError(request, field);
    }

    [Fact]
    public void the_narrative_may_be_up_to_twenty_thousand_characters()
    {
        Assert.NotNull(OpinionValidator.Validate(Valid() with { Narrative = new string('n', 20000) }, Now).Opinion);

        var (_, errors) = OpinionValidator.Validate(Valid() with { Narrative = new string('n', 20001) }, Now);
        Assert.Equal(["Must be at most 20000 characters."], ErrorsFor(errors, "narrative"));
    }

    [Fact]
    public void the_diagnosis_may_be_up_to_four_thousand_characters()
    {
        Assert.NotNull(OpinionValidator.Validate(Valid() with { Diagnosis = new string('d', 4000) }, Now).Opinion);
        AssertOnlyError(Valid() with { Diagnosis = new string('d', 4001) }, "diagnosis");
    }

    [Fact]
    public void at_most_twenty_answers_are_accepted()
    {
        Assert.NotNull(OpinionValidator.Validate(Valid() with { Answers = Enumerable.Repeat("a", 20).ToList() }, Now).Opinion);

        var (_, errors) = OpinionValidator.Validate(Valid() with { Answers = Enumerable.Repeat("a", 21).ToList() }, Now);
        Assert.Equal(["At most 20 answers."], ErrorsFor(errors, "answers"));
    }

    [Fact]
    public void each_answer_must_be_text_of_at_most_four_thousand_characters()
    {
        AssertOnlyError(Valid() with { Answers = [new string('a', 4001)] }, "answers");
        AssertOnlyError(Valid() with { Answers = ["ok", null!] }, "answers");
    }

    [Fact]
    public void answers_are_optional()
    {
        var (opinion, _) = OpinionValidator.Validate(Valid() with { Answers = null }, Now);

        Assert.NotNull(opinion);
        Assert.Empty(opinion.Answers);
    }

    [Fact]
    public void every_invalid_field_is_reported_at_once()
    {
        var (_, errors) = OpinionValidator.Validate(new OpinionRequest(null, null, null, null, null, null, null), Now);

        Assert.Equal(["agreement", "confidence", "diagnosis", "narrative", "recommendation", "surgeryNecessary"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("radiation", RecommendationKind.Radiation)]
    [InlineData("Medical-Therapy", RecommendationKind.MedicalTherapy)]
    [InlineData(" more-tests ", RecommendationKind.MoreTests)]
    [InlineData("no-treatment", RecommendationKind.NoTreatment)]
    public void a_recommendation_kind_is_read_by_its_name(string given, RecommendationKind expected)
    {
        var (opinion, errors) = OpinionValidator.Validate(new OpinionRequest("modify", "d", "r", false, 0.7, "n", [], given), DateTimeOffset.UnixEpoch);
        Assert.False(errors.Any);
        Assert.Equal(expected, opinion!.RecommendationKind);
        Assert.Equal(expected, opinion.Kind);
    }

    [Theory]
    [InlineData("MedicalTherapy")]
    [InlineData("chemo")]
    [InlineData("3")]
    [InlineData("")]
    public void an_unknown_recommendation_kind_names_the_field_and_the_choices(string given)
    {
        var (opinion, errors) = OpinionValidator.Validate(new OpinionRequest("modify", "d", "r", false, 0.7, "n", [], given), DateTimeOffset.UnixEpoch);
        Assert.Null(opinion);
        Assert.Contains("medical-therapy", Assert.Single(errors.ToDictionary()["recommendationKind"]));
    }

    [Fact]
    public void without_a_kind_the_opinion_stays_valid()
    {
        var (opinion, _) = OpinionValidator.Validate(new OpinionRequest("confirm", "d", "r", true, 0.7, "n", []), DateTimeOffset.UnixEpoch);
        Assert.Null(opinion!.RecommendationKind);
        Assert.Equal(RecommendationKind.Surgery, opinion.Kind);
    }
}
