using Microsoft.DurableTask;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Tests.Operations;

public sealed class WorkflowOverviewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static CaseFile Case(params TimelineEntry[] timeline) => new()
    {
        Id = "c0123456789abcdef",
        Source = CaseSource.Patient,
        OwnerSubject = "patient-1",
        Patient = new PatientDetails("Alex Doe", new DateOnly(1960, 1, 1), "alex@example.org", "en", "US-OH"),
        Consent = new ConsentRecord(true, "v1", T0),
        Category = CaseCategory.Cardiac,
        Question = "Is surgery needed?",
        Tier = ServiceTier.Standard,
        Stage = timeline.LastOrDefault()?.Stage ?? CaseStage.Intake,
        CreatedAt = T0,
        Timeline = [new TimelineEntry(T0, CaseStage.Intake, "Case created; waiting for records.", PatientFacing: true), .. timeline],
    };

    private static TimelineEntry Stage(CaseStage stage, double minutes, int round = 1) =>
        new(T0.AddMinutes(minutes), stage, $"Entered {stage}.", PatientFacing: true, Key: CaseFile.StageKey(stage, round));

    [Fact]
    public void time_per_stage_runs_from_each_stage_entry_to_the_next_and_the_current_stage_until_now()
    {
        var c = Case(Stage(CaseStage.Records, 10), Stage(CaseStage.Triage, 12), Stage(CaseStage.Review, 20), Stage(CaseStage.SignOff, 50),
            Stage(CaseStage.Review, 60, round: 2), new TimelineEntry(T0.AddMinutes(61), CaseStage.Review, "Offered seat-3 to sp-1.", Key: "offer:x"));

        var overview = WorkflowOverview.Build(c, null, T0.AddMinutes(90));

        var stages = overview.Stages.ToDictionary(s => s.Stage);
        Assert.Equal(600, stages[CaseStage.Intake].Seconds);
        Assert.Equal(120, stages[CaseStage.Records].Seconds);
        Assert.Equal((2, 30 * 60 + 30 * 60.0), (stages[CaseStage.Review].Entered, stages[CaseStage.Review].Seconds));
        Assert.Equal(3, stages[CaseStage.Review].Entries);
        Assert.Equal(600, stages[CaseStage.SignOff].Seconds);
        Assert.False(stages.ContainsKey(CaseStage.Consensus));
        Assert.Equal(["stage:records", "stage:triage", "stage:review", "stage:sign-off", "stage:review:r2", "offer:x"], overview.Steps.Select(s => s.Key));
    }

    [Fact]
    public void a_closed_case_stops_the_clock_and_an_operations_reason_stays_out_of_the_steps()
    {
        var c = Case(Stage(CaseStage.Records, 10), Stage(CaseStage.Cancelled, 30),
            new TimelineEntry(T0.AddMinutes(30), CaseStage.Cancelled, OpsTimeline.Note("Cancelled by operations", "ops-alice", "Alex Doe called: stop"), Key: "ops:cancel"));

        var overview = WorkflowOverview.Build(c, null, T0.AddDays(3));

        Assert.Equal(0, overview.Stages.Single(s => s.Stage == CaseStage.Cancelled).Seconds);
        Assert.Equal(20 * 60, overview.Stages.Single(s => s.Stage == CaseStage.Records).Seconds);
        Assert.Equal("Cancelled by operations (ops-alice).", overview.Steps.Single(s => s.Key == "ops:cancel").Event);
        Assert.DoesNotContain(overview.Steps, s => s.Event.Contains("Alex", StringComparison.Ordinal));
    }

    [Fact]
    public void a_failed_step_is_reported_by_its_name_and_exception_type_never_its_message()
    {
        var failure = new TaskFailureDetails("Microsoft.DurableTask.TaskFailedException",
            "Task 'ExtractDocumentActivity' (#4) failed with an unhandled exception: could not parse 'Alex Doe, born 1960-01-01'", null,
            new TaskFailureDetails("System.IO.InvalidDataException", "could not parse 'Alex Doe, born 1960-01-01'", null, null, null), null);

        var reported = WorkflowFailure.From(failure);

        Assert.Equal("Microsoft.DurableTask.TaskFailedException", reported.ErrorType);
        Assert.Equal("Task 'ExtractDocumentActivity' (#4) failed with an unhandled exception: System.IO.InvalidDataException", reported.Message);
    }

    [Fact]
    public void the_workflows_own_failure_message_is_kept_on_one_line_and_cut_short()
    {
        var reported = WorkflowFailure.From(new TaskFailureDetails("System.InvalidOperationException", "Case c1 has\nno panel. " + new string('x', 1000), null, null, null));

        Assert.StartsWith("Case c1 has no panel. xxx", reported.Message);
        Assert.Equal(WorkflowFailure.MaxMessageLength, reported.Message.Length);
    }
}
