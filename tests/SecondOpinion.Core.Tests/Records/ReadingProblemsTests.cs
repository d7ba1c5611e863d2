using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class ReadingProblemsTests
{
    [Fact]
    public void the_catalogue_has_every_code_once_with_a_reason_and_a_next_step()
    {
        Assert.Equal(
            ["password-protected", "damaged", "blank", "image-too-large", "no-readable-text", "unsupported-content", "too-complex", "timed-out"],
            ReadingProblems.Catalogue.Select(p => p.Code));
        Assert.All(ReadingProblems.Catalogue, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Reason));
            Assert.StartsWith("Please", p.NextStep);
        });
    }

    [Fact]
    public void a_password_protected_file_asks_for_a_copy_without_a_password()
    {
        Assert.Contains("upload a copy without a password", ReadingProblems.Of(ReadingProblems.PasswordProtected).NextStep);
    }

    [Theory]
    [InlineData(typeof(TimeoutException), ReadingProblems.TimedOut)]
    [InlineData(typeof(InsufficientExecutionStackException), ReadingProblems.TooComplex)]
    [InlineData(typeof(InvalidDataException), ReadingProblems.Damaged)]
    [InlineData(typeof(InvalidOperationException), ReadingProblems.Damaged)]
    public void an_exception_a_reader_did_not_type_is_classified_by_its_type(Type type, string code)
    {
        Assert.Equal(code, ReadingFailures.CodeOf((Exception)Activator.CreateInstance(type)!));
    }

    [Fact]
    public void a_typed_failure_keeps_its_code_and_its_message_names_only_the_code()
    {
        var ex = new UnreadableRecordException(ReadingProblems.PasswordProtected);
        Assert.Equal(ReadingProblems.PasswordProtected, ReadingFailures.CodeOf(ex));
        Assert.Equal("The record could not be read (password-protected).", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnreadableRecordException("Patient Jane Doe"));
    }

    [Fact]
    public void a_failed_summary_carries_the_code_for_old_readers_and_the_problem_for_new_ones()
    {
        var summary = ExtractionSummary.Failed("d01", ReadingProblems.Of(ReadingProblems.Blank));
        Assert.Equal("blank", summary.Error);
        Assert.Equal(ExtractionSummary.Unreadable, summary.Status);
        Assert.Equal(ExtractionSummary.ReadWithWarnings, new ExtractionSummary("d01", ExtractionMethod.Ocr, 2, 2, 10, 0, Warnings: [new ReadingWarning("blank", 2, "Page 2 is blank.")]).Status);
    }
}
