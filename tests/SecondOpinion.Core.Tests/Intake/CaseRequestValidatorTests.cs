using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Tests.Intake;

public sealed class CaseRequestValidatorTests
{
    private static readonly DateOnly Today = new(2025, 6, 2);

    private static CreateCaseRequest Valid() => new(
        new PatientInput("Ada Patient", "1960-04-12", "ada@example.org", "en", "US-OH"),
        new ConsentInput(true, "2025-01"),
        "oncology",
        "Is surgery really necessary?",
        "Prostate adenocarcinoma",
        "Radical prostatectomy",
        null);

    private static CreateCaseRequest WithPatient(Func<PatientInput, PatientInput> change) =>
        Valid() with { Patient = change(Valid().Patient!) };

    private static string[] ErrorsFor(ValidationErrors errors, string field) =>
        errors.ToDictionary().TryGetValue(field, out var messages) ? messages : [];

    private static string[] Fields(CreateCaseRequest request) =>
        CaseRequestValidator.Validate(request, Today).Errors.ToDictionary().Keys.Order(StringComparer.Ordinal).ToArray();

    private static ValidatedCase Accepted(CreateCaseRequest request)
    {
        var (validated, errors) = CaseRequestValidator.Validate(request, Today);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return Assert.IsType<ValidatedCase>(validated);
    }

    [Fact]
    public void a_missing_body_is_rejected()
    {
        var (validated, errors) = CaseRequestValidator.Validate(null, Today);

        Assert.Null(validated);
        Assert.Equal(["A JSON body is required."], ErrorsFor(errors, "body"));
    }

    [Fact]
    public void a_valid_request_is_accepted_trimmed_with_defaults()
    {
        var request = Valid() with
        {
            Patient = new PatientInput("  Ada Patient ", "1960-04-12", " ada@example.org ", null, " us-oh "),
            Question = "  Is surgery really necessary?\n",
            CurrentDiagnosis = "   ",
        };

        var validated = Accepted(request);

        Assert.Equal(new PatientDetails("Ada Patient", new DateOnly(1960, 4, 12), "ada@example.org", "en", "US-OH"), validated.Patient);
        Assert.Equal("2025-01", validated.ConsentVersion);
        Assert.Equal(CaseCategory.Oncology, validated.Category);
        Assert.Equal("Is surgery really necessary?", validated.Question);
        Assert.Null(validated.CurrentDiagnosis);
        Assert.Equal("Radical prostatectomy", validated.ProposedTreatment);
        Assert.Equal(ServiceTier.Standard, validated.Tier);
    }

    [Fact]
    public void missing_patient_details_are_reported_per_field()
    {
        Assert.Equal(["patient", "patient.dateOfBirth", "patient.email", "patient.jurisdiction", "patient.name"], Fields(Valid() with { Patient = null }));
    }

    [Theory]
    [InlineData("patient.name")]
    [InlineData("patient.email")]
    [InlineData("patient.jurisdiction")]
    [InlineData("patient.dateOfBirth")]
    [InlineData("consent.version")]
    [InlineData("category")]
    [InlineData("question")]
    public void each_required_field_must_be_present(string field)
    {
        var request = field switch
        {
            "patient.name" => WithPatient(p => p with { Name = " " }),
            "patient.email" => WithPatient(p => p with { Email = null }),
            "patient.jurisdiction" => WithPatient(p => p with { Jurisdiction = "" }),
            "patient.dateOfBirth" => WithPatient(p => p with { DateOfBirth = null }),
            "consent.version" => Valid() with { Consent = new ConsentInput(true, null) },
            "category" => Valid() with { Category = "  " },
            _ => Valid() with { Question = null },
        };

        var (validated, errors) = CaseRequestValidator.Validate(request, Today);

        Assert.Null(validated);
        Assert.Equal(["Required."], ErrorsFor(errors, field));
        Assert.Single(errors.ToDictionary());
    }

    [Theory]
    [InlineData("ada.example.org")]
    [InlineData("ada@example")]
    [InlineData("ada lovelace@example.org")]
    [InlineData("ada@@example.org")]
    public void the_email_must_look_like_an_address(string email)
    {
        Assert.Equal(["patient.email"], Fields(WithPatient(p => p with { Email = email })));
    }

    [Theory]
    [InlineData("US-OH", "US-OH")]
    [InlineData("us-oh", "US-OH")]
    [InlineData("de", "DE")]
    [InlineData("GB-ENG", "GB-ENG")]
    public void the_jurisdiction_is_an_iso_3166_code_upper_cased(string input, string expected)
    {
        Assert.Equal(expected, Accepted(WithPatient(p => p with { Jurisdiction = input })).Patient.Jurisdiction);
    }

    [Theory]
    [InlineData("usa")]
    [InlineData("U")]
    [InlineData("US_OH")]
    [InlineData("US-OHIO")]
    [InlineData("Ohio")]
    public void a_jurisdiction_that_is_not_an_iso_3166_code_is_rejected(string input)
    {
        var (_, errors) = CaseRequestValidator.Validate(WithPatient(p => p with { Jurisdiction = input }), Today);

        Assert.Equal(["Must be an ISO 3166 code such as 'US-OH' or 'DE'."], ErrorsFor(errors, "patient.jurisdiction"));
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("es", "es")]
    [InlineData(" en-GB ", "en-GB")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("haw", "haw")]
    public void the_preferred_language_defaults_to_english_and_accepts_language_tags(string? input, string expected)
    {
        Assert.Equal(expected, Accepted(WithPatient(p => p with { PreferredLanguage = input })).Patient.PreferredLanguage);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("EN")]
    [InlineData("e")]
    [InlineData("en_GB")]
    public void a_preferred_language_that_is_not_a_tag_is_rejected(string input)
    {
        Assert.Equal(["patient.preferredLanguage"], Fields(WithPatient(p => p with { PreferredLanguage = input })));
    }

    [Theory]
    [InlineData("12/04/1960")]
    [InlineData("1960-13-01")]
    [InlineData("1960-02-30")]
    [InlineData("yesterday")]
    public void the_date_of_birth_must_be_a_real_yyyy_mm_dd_date(string input)
    {
        var (_, errors) = CaseRequestValidator.Validate(WithPatient(p => p with { DateOfBirth = input }), Today);

        Assert.Equal(["Must be a date as yyyy-MM-dd."], ErrorsFor(errors, "patient.dateOfBirth"));
    }

    [Fact]
    public void the_date_of_birth_must_not_be_in_the_future()
    {
        var (_, errors) = CaseRequestValidator.Validate(WithPatient(p => p with { DateOfBirth = "2025-06-03" }), Today);

        Assert.Equal(["Must not be in the future."], ErrorsFor(errors, "patient.dateOfBirth"));
        Assert.Equal(Today, Accepted(WithPatient(p => p with { DateOfBirth = "2025-06-02" })).Patient.DateOfBirth);
    }

    [Fact]
    public void the_date_of_birth_may_be_at_most_130_years_ago()
    {
        Assert.Equal(new DateOnly(1895, 6, 2), Accepted(WithPatient(p => p with { DateOfBirth = "1895-06-02" })).Patient.DateOfBirth);

        var (_, errors) = CaseRequestValidator.Validate(WithPatient(p => p with { DateOfBirth = "1895-06-01" }), Today);
        Assert.Equal(["Is implausibly far in the past."], ErrorsFor(errors, "patient.dateOfBirth"));
    }

    [Fact]
    public void consent_must_be_explicitly_accepted()
    {
        Assert.Equal(["consent.accepted"], Fields(Valid() with { Consent = new ConsentInput(false, "2025-01") }));
        Assert.Equal(["consent.accepted"], Fields(Valid() with { Consent = new ConsentInput(null, "2025-01") }));
        Assert.Equal(["consent.accepted", "consent.version"], Fields(Valid() with { Consent = null }));
    }

    [Theory]
    [InlineData("oncology", CaseCategory.Oncology)]
    [InlineData("CARDIAC", CaseCategory.Cardiac)]
    [InlineData(" Orthopedic ", CaseCategory.Orthopedic)]
    [InlineData("other", CaseCategory.Other)]
    public void the_category_is_parsed_by_name_ignoring_case_and_whitespace(string input, CaseCategory expected)
    {
        Assert.Equal(expected, Accepted(Valid() with { Category = input }).Category);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("42")]
    [InlineData("cancer")]
    public void a_category_that_is_not_a_name_is_rejected(string input)
    {
        var (_, errors) = CaseRequestValidator.Validate(Valid() with { Category = input }, Today);

        Assert.Equal(["Must be one of: oncology, cardiac, neurology, diabetes, ocular, orthopedic, other."], ErrorsFor(errors, "category"));
    }

    [Fact]
    public void a_comma_separated_list_of_categories_is_rejected()
    {
        Assert.Equal(["category"], Fields(Valid() with { Category = "cardiac,neurology" }));
    }

    [Theory]
    [InlineData(null, ServiceTier.Standard)]
    [InlineData("standard", ServiceTier.Standard)]
    [InlineData("Expedited", ServiceTier.Expedited)]
    [InlineData("URGENT", ServiceTier.Urgent)]
    public void the_tier_is_optional_and_parsed_by_name(string? input, ServiceTier expected)
    {
        Assert.Equal(expected, Accepted(Valid() with { Tier = input }).Tier);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("premium")]
    public void an_unknown_tier_is_rejected(string input)
    {
        Assert.Equal(["tier"], Fields(Valid() with { Tier = input }));
    }

    [Fact]
    public void free_text_fields_are_limited_to_4000_characters()
    {
        var limit = CaseRequestValidator.MaxTextLength;

        Assert.Equal(limit, Accepted(Valid() with { Question = new string('q', limit) }).Question.Length);
        Assert.Equal(["question"], Fields(Valid() with { Question = new string('q', limit + 1) }));
        Assert.Equal(["currentDiagnosis"], Fields(Valid() with { CurrentDiagnosis = new string('d', limit + 1) }));
        Assert.Equal(["proposedTreatment"], Fields(Valid() with { ProposedTreatment = new string('t', limit + 1) }));
    }

    [Fact]
    public void length_limits_apply_after_trimming()
    {
        Assert.Equal("Q", Accepted(Valid() with { Question = "Q" + new string(' ', CaseRequestValidator.MaxTextLength + 10) }).Question);
    }

    [Fact]
    public void the_patient_name_is_limited_to_200_characters()
    {
        var (_, errors) = CaseRequestValidator.Validate(WithPatient(p => p with { Name = new string('n', 201) }), Today);

        Assert.Equal(["Must be at most 200 characters."], ErrorsFor(errors, "patient.name"));
    }

    [Fact]
    public void all_problems_are_reported_together()
    {
        var request = new CreateCaseRequest(new PatientInput("Ada", "1960-04-12", "bad", "en", "usa"), new ConsentInput(false, "v1"), "1", null, null, null, "x");

        Assert.Equal(["category", "consent.accepted", "patient.email", "patient.jurisdiction", "question", "tier"], Fields(request));
    }
}
