using Microsoft.DurableTask;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Workflow;

/// <summary>Moves the case to a stage, adds it to the timeline, and announces it.</summary>
public sealed class AdvanceStageActivity(CaseStore cases, IEventPublisher events, TimeProvider clock) : TaskActivity<StageChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StageChange input)
    {
        var now = clock.GetUtcNow();
        // Idempotent under retry: a repeated change to the current stage is not appended twice.
        await cases.UpdateAsync(input.CaseId, c => c.Stage == input.Stage && c.Timeline.Count > 0 && c.Timeline[^1].Event == input.Note
            ? c
            : c.WithStage(input.Stage, input.Note, now) with { CompletedAt = input.Stage == Intake.CaseStage.Completed ? now : c.CompletedAt });
        await events.PublishAsync(new IntegrationEvent("case.stage-changed", input.CaseId, now,
            new Dictionary<string, string> { ["stage"] = input.Stage.ToString() }));
        return true;
    }
}
