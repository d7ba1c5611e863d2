using SecondOpinion.Core.Matching;

namespace SecondOpinion.Core.Tests.Matching;

public sealed class SpecialistEntriesTests
{
    private static SpecialistUpsertRequest Entry(string[]? subspecialties = null, string[]? licences = null) =>
        new("Dr. Entry", subspecialties ?? ["medical-oncology"], licences ?? ["US-OH"], ["en"], [], 5, true, null, 10, 48);

    [Fact]
    public void an_entry_naming_a_subspecialty_outside_the_taxonomy_is_refused_with_the_allowed_list()
    {
        var (specialist, errors) = SpecialistEntries.Validate("sp-x", Entry(subspecialties: ["medical-oncology", "oncology-of-everything"]));

        Assert.Null(specialist);
        var message = Assert.Single(errors.ToDictionary()["subspecialties"]);
        Assert.Contains("oncology-of-everything", message);
        Assert.All(Subspecialties.All, s => Assert.Contains(s.Id, message));
    }

    [Fact]
    public void taxonomy_ids_are_accepted_in_any_case_and_stored_lower_case()
    {
        var (specialist, _) = SpecialistEntries.Validate("sp-x", Entry(subspecialties: ["Medical-Oncology", "hematopathology"]));

        Assert.Equal(["medical-oncology", "hematopathology"], specialist!.Subspecialties);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("JP-13")]
    public void licences_that_licensure_does_not_issue_are_refused_with_a_clear_message(string licence)
    {
        var (_, errors) = SpecialistEntries.Validate("sp-x", Entry(licences: ["US-OH", licence]));

        Assert.Contains(licence, Assert.Single(errors.ToDictionary()["licensedJurisdictions"]));
    }

    [Fact]
    public void board_certifications_and_time_off_are_kept_and_periods_must_end_after_they_start()
    {
        var from = new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero);
        var ok = Entry() with { BoardCertifications = ["ABIM Medical Oncology"], TimeOff = [new TimeOffPeriod(from, from.AddDays(14))] };
        var (specialist, _) = SpecialistEntries.Validate("sp-x", ok);
        Assert.Equal(["ABIM Medical Oncology"], specialist!.BoardCertifications);
        Assert.Single(specialist.TimeOff);

        var (_, errors) = SpecialistEntries.Validate("sp-x", ok with { TimeOff = [new TimeOffPeriod(from, from)] });
        Assert.True(errors.ToDictionary().ContainsKey("timeOff"));
    }

    [Fact]
    public void the_taxonomy_ids_are_unique_kebab_case_and_each_serves_a_category()
    {
        Assert.Equal(Subspecialties.All.Count, Subspecialties.Ids.Count);
        Assert.All(Subspecialties.All, s =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", s.Id);
            Assert.NotEmpty(s.Categories);
        });
    }
}
