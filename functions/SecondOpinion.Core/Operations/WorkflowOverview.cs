using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Operations;

/// <summary>
/// A case's workflow as <c>GET /api/ops/cases/{caseId}/workflow</c> shows it: the durable engine's
/// runtime status (null when the case has no orchestration), and a history from the case's own
/// timeline: the workflow's steps and operations' actions (without their free-text reasons), and the
/// time spent in each stage. Ids, stages and counts only: no patient data.
/// </summary>
public sealed record WorkflowOverview(string CaseId, CaseStage Stage, WorkflowInstanceStatus? Workflow, IReadOnlyList<WorkflowStep> Steps, IReadOnlyList<StageTime> Stages)
{
    public static WorkflowOverview Build(CaseFile c, WorkflowInstanceStatus? workflow, DateTimeOffset now)
    {
        var steps = c.Timeline.Where(t => t.Key is not null).Select(t => new WorkflowStep(t.At, t.Stage, t.Key!, OpsTimeline.Summary(t))).ToList();

        // Stage periods: from creation at intake, then from each stage entry to the next; an open case's
        // current stage runs until now, a closed case's final stage takes no time.
        var entered = new List<(CaseStage Stage, DateTimeOffset At)> { (CaseStage.Intake, c.CreatedAt) };
        entered.AddRange(c.Timeline.Where(IsStageEntry).Select(t => (t.Stage, t.At)));
        var time = new Dictionary<CaseStage, TimeSpan>();
        var times = new Dictionary<CaseStage, int>();
        for (var i = 0; i < entered.Count; i++)
        {
            var (stage, at) = entered[i];
            var until = i + 1 < entered.Count ? entered[i + 1].At : stage.IsClosed() ? at : now;
            time[stage] = time.GetValueOrDefault(stage) + (until > at ? until - at : TimeSpan.Zero);
            times[stage] = times.GetValueOrDefault(stage) + 1;
        }
        var stages = Enum.GetValues<CaseStage>().Where(time.ContainsKey)
            .Select(s => new StageTime(s, times.GetValueOrDefault(s), c.Timeline.Count(t => t.Stage == s), Math.Round(time[s].TotalSeconds, 1)))
            .ToList();
        return new WorkflowOverview(c.Id, c.Stage, workflow, steps, stages);
    }

    /// <summary>An entry that moved the case into its stage (not one written in it under a stage key, such as a step skipped after a cancel).</summary>
    private static bool IsStageEntry(TimelineEntry t) =>
        t.Key is { } k && (k == CaseFile.StageKey(t.Stage) || k.StartsWith(CaseFile.StageKey(t.Stage) + ":r", StringComparison.Ordinal));
}

/// <summary>One keyed timeline entry: a workflow step ("stage:review", "offer:{assignmentId}", "escalation:{id}", "signoff:so1") or an operations action ("ops:suspend:1").</summary>
public sealed record WorkflowStep(DateTimeOffset At, CaseStage Stage, string Key, string Event);

/// <param name="Entered">How often the case entered the stage (a report returned by the director enters review again).</param>
/// <param name="Entries">Timeline entries written while the case was in the stage.</param>
/// <param name="Seconds">Time spent in the stage, in total; an open case's current stage counts until now.</param>
public sealed record StageTime(CaseStage Stage, int Entered, int Entries, double Seconds);
