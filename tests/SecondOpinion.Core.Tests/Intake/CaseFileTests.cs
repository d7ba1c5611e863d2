using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Tests.Intake;

public sealed class CaseFileTests
{
    private static readonly DateTimeOffset Created = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private static CaseFile NewCase() => new()
    {
        Id = "case-1",
        Source = "patient",
        OwnerSubject = "subject-1",
        Patient = new PatientDetails("Ada Patient", new DateOnly(1960, 4, 12), "ada@example.org", "en", "US-OH"),
        Consent = new ConsentRecord(true, "2025-01", Created),
        Category = CaseCategory.Oncology,
        Question = "Is surgery necessary?",
        Tier = ServiceTier.Standard,
        Stage = CaseStage.Intake,
        CreatedAt = Created,
        Timeline = [new TimelineEntry(Created, CaseStage.Intake, "Case created.")],
    };

    [Fact]
    public void with_stage_moves_the_case_and_appends_to_the_timeline()
    {
        var at = Created.AddHours(1);

        var moved = NewCase().WithStage(CaseStage.Records, "Waiting for records.", at);

        Assert.Equal(CaseStage.Records, moved.Stage);
        Assert.Equal(2, moved.Timeline.Count);
        Assert.Equal(new TimelineEntry(at, CaseStage.Records, "Waiting for records.", PatientFacing: true), moved.Timeline[^1]);
    }

    [Fact]
    public void with_event_appends_to_the_timeline_under_the_current_stage()
    {
        var at = Created.AddMinutes(5);

        var noted = NewCase().WithStage(CaseStage.Triage, "Triaging.", at).WithEvent("Triage: urology.", at.AddMinutes(1));

        Assert.Equal(CaseStage.Triage, noted.Stage);
        Assert.Equal(["Case created.", "Triaging.", "Triage: urology."], noted.Timeline.Select(t => t.Event));
        Assert.Equal(CaseStage.Triage, noted.Timeline[^1].Stage);
        Assert.Equal(at.AddMinutes(1), noted.Timeline[^1].At);
    }

    [Fact]
    public void the_original_case_is_left_unchanged()
    {
        var original = NewCase();

        _ = original.WithStage(CaseStage.Records, "x", Created).WithEvent("y", Created);

        Assert.Equal(CaseStage.Intake, original.Stage);
        Assert.Single(original.Timeline);
    }
}
