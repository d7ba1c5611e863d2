using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Tests.Intake;

public sealed class CaseFileTests
{
    private static readonly DateTimeOffset Created = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private static CaseFile NewCase() => new()
    {
        Id = "case-1",
        Source = CaseSource.Patient,
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
        Assert.Equal(new TimelineEntry(at, CaseStage.Records, "Waiting for records.", PatientFacing: true, Key: "stage:records"), moved.Timeline[^1]);
        Assert.True(moved.HasStep(CaseFile.StageKey(CaseStage.Records)));
        Assert.Equal(at, moved.StageEnteredAt);
    }

    [Fact]
    public void workflow_steps_are_found_by_key_not_by_the_wording_of_their_note()
    {
        var c = NewCase().WithEvent("Escalated x: sla-at-risk.", Created, key: "escalation:x");
        Assert.True(c.HasStep("escalation:x"));
        Assert.False(c.HasStep("escalation:y"));
        Assert.False(NewCase().WithEvent("Escalated x: sla-at-risk.", Created).HasStep("escalation:x"));
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
