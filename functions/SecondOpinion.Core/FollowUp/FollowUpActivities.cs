using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.FollowUp;

/// <summary>Puts the question before every reviewer who gave an opinion on the case (again at the reminder time).</summary>
public sealed class RouteFollowUpActivity(ICaseRepository cases, IAssignmentRepository assignments, NotificationService notifications, TimeProvider clock)
    : CaseActivity<FollowUpRoute, bool>
{
    protected override string CaseIdOf(FollowUpRoute input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, FollowUpRoute input)
    {
        var panel = (await assignments.ForCaseAsync(input.CaseId)).Where(a => a.Status == AssignmentStatus.Completed && a.Opinion is not null).ToList();
        var step = $"followup:{input.QuestionId}{(input.Reminder ? ":reminder" : "")}";
        await cases.RecordStepAsync(input.CaseId, step, c => c.WithEvent(input.Reminder
            ? $"Follow-up question {input.QuestionId}: reminder sent to {panel.Count} reviewer(s)."
            : $"Follow-up question {input.QuestionId} sent to {panel.Count} reviewer(s) of the panel.", clock.GetUtcNow(), key: step));
        await notifications.NotifyAllAsync(panel.Select(a => new NotificationRequest(NotificationKind.FollowupQuestion, input.CaseId, $"{step}:{a.Id}",
            NotificationAudience.Specialist, AssignmentId: a.Id)));
        return true;
    }
}

/// <summary>
/// Closes a question: answered ones become a new signed version of the report (the addendum, signed
/// by the reviewer who answered), and the patient is told; unanswered ones are marked so.
/// Returns the addendum's version. Idempotent: a retry finds the version it wrote.
/// </summary>
public sealed class CloseFollowUpActivity(ICaseRepository cases, ReportAssembler assembler, SignedReportWriter writer, NotificationService notifications, TimeProvider clock)
    : CaseActivity<FollowUpClose, int?>
{
    protected override string CaseIdOf(FollowUpClose input) => input.CaseId;

    protected override async Task<int?> ExecuteAsync(TaskActivityContext context, FollowUpClose input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var question = caseFile.FollowUps.Single(q => q.Id == input.QuestionId);
        var decisionId = $"addendum-{input.QuestionId}";
        var now = clock.GetUtcNow();
        if (caseFile.ReportVersions.FirstOrDefault(v => v.DecisionId == decisionId) is { } issued) return issued.Number;
        // The store decides, not the workflow's view: an answer stored just as the last window closed still counts.
        if (question.Status != FollowUpStatus.Answered)
        {
            await cases.UpdateAsync(input.CaseId, c => (c with
            {
                FollowUps = c.FollowUps.Select(q => q.Id == input.QuestionId && q.Status == FollowUpStatus.Open ? q with { Status = FollowUpStatus.Unanswered } : q).ToList(),
            }).WithEvent($"Follow-up question {input.QuestionId} is unanswered; escalated.", now));
            return null;
        }

        // The version number is reserved by the conditional write, so two questions closing together never share one.
        var reserved = await cases.UpdateAsync(input.CaseId, c =>
        {
            if (c.FollowUps.Single(q => q.Id == input.QuestionId).AddendumVersion is not null) return c;
            var next = Math.Max(c.ReportVersions.Select(v => v.Number).DefaultIfEmpty(0).Max(), c.FollowUps.Max(q => q.AddendumVersion ?? 0)) + 1;
            return c with { FollowUps = c.FollowUps.Select(q => q.Id == input.QuestionId ? q with { AddendumVersion = next } : q).ToList() };
        });
        var version = reserved.FollowUps.Single(q => q.Id == input.QuestionId).AddendumVersion!.Value;
        var report = await assembler.AssembleAsync(reserved, now, assembler.DirectorSignature(reserved), version);
        var filesOf = await writer.WriteAsync(report, version);
        await cases.UpdateAsync(input.CaseId, c => c.ReportVersions.Any(v => v.DecisionId == decisionId) ? c : (c with
        {
            ReportVersions = [.. c.ReportVersions, new ReportVersion(version, ReportVersionKind.Addendum, filesOf, question.AnsweredBy!, question.AnsweredAt!.Value, decisionId)],
        }).WithEvent($"Follow-up question {input.QuestionId} answered: report version {version} adds the signed answer.", now, patientFacing: true, key: $"addendum:{input.QuestionId}"));
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.FollowupAnswer, input.CaseId, $"addendum:{input.QuestionId}", NotificationAudience.Patient));
        return version;
    }
}
