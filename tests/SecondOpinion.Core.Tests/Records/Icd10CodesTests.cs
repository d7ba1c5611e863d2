using SecondOpinion.Core.Records;

namespace SecondOpinion.Tests.Records;

public sealed class Icd10CodesTests
{
    [Theory]
    [InlineData("C61", 2)]
    [InlineData("C50.911", 2)]
    [InlineData("D49.2", 2)]
    [InlineData("E11.9", 4)]
    [InlineData("G35", 6)]
    [InlineData("H35.31", 7)]
    [InlineData("H91.90", 8)]
    [InlineData("I35.0", 9)]
    [InlineData("M17.11", 13)]
    [InlineData("O9A.1", 15)]
    [InlineData("S72.001A", 19)]
    [InlineData("T88.7", 19)]
    [InlineData("Z85.46", 21)]
    public void a_code_falls_in_the_chapter_its_category_belongs_to(string code, int chapter) =>
        Assert.Equal(chapter, Icd10Codes.ChapterOf(code)!.Value.Chapter);

    [Fact]
    public void an_undotted_category_code_alone_in_brackets_is_a_code_but_staging_and_room_numbers_are_not()
    {
        var codes = Icd10Codes.Find("Diagnosis: malignant neoplasm of prostate (C61). MS (G35). Stage (T2a). Seen in room (B12a), ward [E11].")
            .Select(f => f.Code.Code).ToList();
        Assert.Equal(["C61", "G35", "E11"], codes);
    }

    [Theory]
    [InlineData("Diagnosis: coronary artery disease, 125.10.", "I25.10")]
    [InlineData("Impression: severe calcific aortic stenosis (l35.0).", "I35.0")]
    public void a_circulatory_code_whose_I_was_read_as_1_or_l_is_found_on_a_diagnosis_line(string line, string code) =>
        Assert.Equal([code], Icd10Codes.Find(line).Select(f => f.Code.Code));

    [Fact]
    public void a_number_like_125_10_outside_a_diagnosis_statement_is_not_a_code() =>
        Assert.Empty(Icd10Codes.Find("Weight 125.10 lb. Total 135.0 mL given."));

    [Fact]
    public void dotted_codes_are_found_with_their_chapter_and_undotted_ones_only_when_labelled()
    {
        const string text = "Diagnoses: E11.9 type 2 diabetes; I35.0 aortic stenosis. ICD-10: C61. Vitamin B12 normal. Dx code G35.";
        var codes = Icd10Codes.Find(text).Select(f => f.Code.Code).ToList();
        Assert.Equal(["E11.9", "I35.0", "C61", "G35"], codes);
        Assert.Equal("Endocrine, nutritional and metabolic diseases", Icd10Codes.Find(text)[0].Code.ChapterTitle);
    }

    [Theory]
    [InlineData("Stage T2N0M0 disease.")]
    [InlineData("HbA1c 7.2 %, PSA 6.8 ng/mL.")]
    [InlineData("Gleason 3 + 4 = 7, grade group 2.")]
    [InlineData("Room B12, report 2026.")]
    public void staging_lab_values_and_room_numbers_are_not_codes(string text) => Assert.Empty(Icd10Codes.Find(text));

    [Fact]
    public void a_code_printed_in_a_record_becomes_a_clinical_fact_with_its_phrase()
    {
        var facts = ClinicalFactExtractor.Extract("Assessment: malignant neoplasm of prostate (ICD-10-CM C61), Gleason 3 + 4 = 7.");
        var code = Assert.Single(facts, f => f.Kind == "icd10");
        Assert.Equal(("C61", "C61", "oncology"), (code.Value, code.Code, code.Category));
        Assert.Contains("C61", code.Evidence);
    }
}
