using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Tests.Records;

public sealed class Icd10CategoriesTests
{
    [Theory]
    [InlineData("C61", CaseCategory.Oncology)]
    [InlineData("C50.919", CaseCategory.Oncology)]
    [InlineData("D32.0", CaseCategory.Oncology)]
    [InlineData("E11.9", CaseCategory.Diabetes)]
    [InlineData("e10.65", CaseCategory.Diabetes)]
    [InlineData("I48.91", CaseCategory.Cardiac)]
    [InlineData("I25.10", CaseCategory.Cardiac)]
    [InlineData("I63.9", CaseCategory.Neurology)]
    [InlineData("G40.909", CaseCategory.Neurology)]
    [InlineData("S06.0X0A", CaseCategory.Neurology)]
    [InlineData("H40.11", CaseCategory.Ocular)]
    [InlineData("M17.11", CaseCategory.Orthopedic)]
    [InlineData("S72.001A", CaseCategory.Orthopedic)]
    [InlineData("Q21.1", CaseCategory.Cardiac)]
    public void a_code_points_at_the_category_of_its_block(string code, CaseCategory expected) =>
        Assert.Equal(expected, Icd10Categories.CategoryOf(code));

    [Theory]
    [InlineData("E03.9")]   // hypothyroidism: endocrine, but not diabetes
    [InlineData("R07.9")]   // a symptom
    [InlineData("A41.9")]   // an infection
    [InlineData("S01.01XA")] // a wound, not a fracture
    [InlineData("H65.90")]  // the ear chapter, not the eye
    [InlineData("")]
    [InlineData("7")]
    public void other_codes_point_at_no_category(string code) => Assert.Null(Icd10Categories.CategoryOf(code));

    [Fact]
    public void the_category_is_named_as_the_platform_writes_it()
    {
        Assert.Equal("oncology", Icd10Categories.CategoryNameOf("C61"));
        Assert.Equal("orthopedic", Icd10Categories.CategoryNameOf("M17.11"));
        Assert.Null(Icd10Categories.CategoryNameOf("R07.9"));
    }
}
