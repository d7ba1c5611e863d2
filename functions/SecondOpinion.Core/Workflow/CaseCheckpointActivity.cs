using Microsoft.DurableTask;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Workflow;

public sealed record CheckpointRequest(string CaseId, int SignOffRound = 0);

/// <summary>What the store already knows that the workflow may be waiting for: records complete, the director's decision on a round.</summary>
public sealed record CaseCheckpoint(DateTimeOffset? RecordsCompletedAt, SignOffDecided? Decision);

/// <summary>
/// Lets a restarted case (operations restart one that failed or got stuck) pick up where it was:
/// an event raised into the earlier run is not raised again, so before waiting for one the workflow
/// asks the store whether it already happened.
/// </summary>
public sealed class CaseCheckpointActivity(ICaseRepository cases) : CaseActivity<CheckpointRequest, CaseCheckpoint>
{
    protected override string CaseIdOf(CheckpointRequest input) => input.CaseId;

    protected override async Task<CaseCheckpoint> ExecuteAsync(TaskActivityContext context, CheckpointRequest input)
    {
        var c = await cases.GetAsync(input.CaseId);
        var decided = input.SignOffRound > 0 ? c.SignOffs.FirstOrDefault(s => s.Round == input.SignOffRound && s.Raised) : null;
        return new CaseCheckpoint(c.RecordsCompleteRaised ? c.RecordsCompletedAt : null, decided is null ? null : new SignOffDecided(decided.Id, decided.Decision));
    }
}
