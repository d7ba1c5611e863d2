using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Workflow;

/// <summary>Moves the case to a stage, adds it to the timeline, and announces it.</summary>
public sealed class AdvanceStageActivity(ICaseRepository cases, IEventPublisher events, TimeProvider clock) : CaseActivity<StageChange, bool>
{
    protected override string CaseIdOf(StageChange input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, StageChange input)
    {
        var now = clock.GetUtcNow();
        var step = CaseFile.StageKey(input.Stage, input.Round);
        CaseFile left = null!;
        // Idempotent under retry: the stage's entry is found by its key, and written once.
        var (enteredAt, first) = await cases.RecordStepAsync(input.CaseId, step, c =>
        {
            left = c;
            // A step that was already running when operations cancelled the case does not reopen it.
            if (c.Stage == CaseStage.Cancelled) return c.WithEvent($"Not moved to {EnumNames.Of(input.Stage)}: the case was cancelled.", now, key: step);
            return c.WithStage(input.Stage, input.Note, now, input.Round) with { CompletedAt = input.Stage == CaseStage.Completed ? now : c.CompletedAt };
        });
        var cancelled = first ? left.Stage == CaseStage.Cancelled : (await cases.GetAsync(input.CaseId)).Timeline.First(t => t.Key == step).Stage == CaseStage.Cancelled;
        if (cancelled) return true;
        if (first)
        {
            Telemetry.StageEntered.Add(1, new KeyValuePair<string, object?>("stage", EnumNames.Of(input.Stage)));
            Telemetry.StageDuration.Record((now - left.StageEnteredAt).TotalHours, new KeyValuePair<string, object?>("stage", EnumNames.Of(left.Stage)));
        }
        await events.PublishAsync(new IntegrationEvent(EventIds.For(input.CaseId, step), EventTypes.CaseStageChanged, input.CaseId, enteredAt,
            new Dictionary<string, string> { ["stage"] = EnumNames.Of(input.Stage) }));
        return true;
    }
}
