using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Intake;

/// <summary>Which of a case's records are still to be read, and how many were read with text.</summary>
public sealed record RecordsToRead(IReadOnlyList<string> Unread, int Readable, int Unreadable);

/// <summary>Since 3.1: the records stage reads only what has not been read yet (a new upload after a return to intake).</summary>
public sealed class ListRecordsToReadActivity(ICaseRepository cases) : CaseActivity<string, RecordsToRead>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<RecordsToRead> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var documents = (await cases.GetAsync(caseId)).Documents;
        return new RecordsToRead(
            documents.Where(d => d.Extraction is null).Select(d => d.Id).ToList(),
            documents.Count(d => d.Extraction is { Error: null }),
            documents.Count(d => d.Extraction is { Error: not null }));
    }
}

public sealed record IntakeReturn(string CaseId, int Round, int Unreadable);

/// <summary>
/// Since 3.1: no record of the case could be read, so nothing goes on to reviewers. The case goes back
/// to intake: its submission is undone so the patient (or the hospital) can upload readable copies and
/// submit again, the timeline says why, and both are told. Each document's own reason and next step
/// are on the case view.
/// </summary>
public sealed class ReturnToIntakeActivity(ICaseRepository cases, NotificationService notifications, TimeProvider clock) : CaseActivity<IntakeReturn, bool>
{
    protected override string CaseIdOf(IntakeReturn input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, IntakeReturn input)
    {
        var now = clock.GetUtcNow();
        var step = CaseFile.StageKey(CaseStage.Intake, input.Round);
        await cases.RecordStepAsync(input.CaseId, step, c => c.Stage == CaseStage.Cancelled
            ? c.WithEvent("Not returned to intake: the case was cancelled.", now, key: step)
            : c.WithStage(CaseStage.Intake,
                $"None of the {input.Unreadable} record(s) could be read, so the case cannot go to reviewers yet. Each file shows why and what to do; upload readable copies and submit the case again.",
                now, input.Round) with { RecordsCompletedAt = null, DueAt = null });
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.RecordsNeeded, input.CaseId, step, NotificationAudience.Patient));
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.RecordsNeeded, input.CaseId, step, NotificationAudience.Hospital));
        return true;
    }
}
