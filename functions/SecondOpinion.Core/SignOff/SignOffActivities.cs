using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.SignOff;

/// <summary>
/// Writes the draft of one sign-off round for the medical director (never for the patient) and sets
/// when the sign-off is due.
/// </summary>
public sealed class DraftReportActivity(ICaseRepository cases, ReportAssembler assembler, IFileStore files, NotificationService notifications, TimeProvider clock)
    : CaseActivity<SignOffRequestRef, ReportFiles>
{
    protected override string CaseIdOf(SignOffRequestRef input) => input.CaseId;

    protected override async Task<ReportFiles> ExecuteAsync(TaskActivityContext context, SignOffRequestRef input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var draft = new ReportFiles(BlobLayout.DraftReportJson(input.CaseId, input.Round), BlobLayout.DraftReportHtml(input.CaseId, input.Round));
        var report = await assembler.AssembleAsync(caseFile, clock.GetUtcNow(), draft: true);
        await files.UploadTextAsync(BlobLayout.ReportsContainer, draft.JsonPath, SecondOpinionJson.Serialize(report), "application/json");
        await files.UploadTextAsync(BlobLayout.ReportsContainer, draft.HtmlPath, ReportHtmlRenderer.Render(report), "text/html; charset=utf-8");
        var step = $"draft:r{input.Round}";
        await cases.RecordStepAsync(input.CaseId, step, c => (c with { DraftReport = draft, SignOffDueAt = input.DueAt, SignOffRound = input.Round })
            .WithEvent($"Draft report {input.Round} written for the medical director's sign-off, due {input.DueAt:u}.", clock.GetUtcNow(), key: step));
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.SignoffRequest, input.CaseId, step, NotificationAudience.Director));
        return draft;
    }
}

/// <summary>
/// Signs the report: a new version with the director's name, credentials and note, kept for good,
/// and the case's report now points at it. Idempotent by decision id.
/// </summary>
public sealed class SignReportActivity(ICaseRepository cases, ReportAssembler assembler, SignedReportWriter writer, TimeProvider clock)
    : CaseActivity<SignOffRef, ReportFiles>
{
    protected override string CaseIdOf(SignOffRef input) => input.CaseId;

    protected override async Task<ReportFiles> ExecuteAsync(TaskActivityContext context, SignOffRef input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        if (caseFile.ReportVersions.FirstOrDefault(v => v.DecisionId == input.DecisionId) is { } signed) return signed.Files;
        var decision = caseFile.SignOffs.Single(d => d.Id == input.DecisionId);
        var signature = assembler.DirectorSignature(caseFile)!;
        var version = caseFile.ReportVersions.Count + 1;
        var report = await assembler.AssembleAsync(caseFile, clock.GetUtcNow(), signature, version);
        var versionFiles = await writer.WriteAsync(report, version);
        var now = clock.GetUtcNow();
        await cases.UpdateAsync(input.CaseId, c => c.ReportVersions.Any(v => v.DecisionId == input.DecisionId) ? c : (c with
        {
            ReportJsonPath = BlobLayout.ReportJson(input.CaseId),
            ReportHtmlPath = BlobLayout.ReportHtml(input.CaseId),
            ReportVersions = [.. c.ReportVersions, new ReportVersion(version, ReportVersionKind.Signed, versionFiles, decision.DirectorSubject, decision.At, decision.Id)],
            SignOffDueAt = null,
        }).WithEvent($"Report version {version} signed by the medical director.", now, patientFacing: true, key: $"signed:{input.DecisionId}"));
        return versionFiles;
    }
}

/// <summary>
/// The director returned the report with a question: every reviewer who gave an opinion may revise it
/// by <see cref="ReopenRequest.DueAt"/>. Their opinion stands if they do not.
/// </summary>
public sealed class ReopenPanelActivity(ICaseRepository cases, IAssignmentRepository assignments, NotificationService notifications, TimeProvider clock) : CaseActivity<ReopenRequest, IReadOnlyList<RevisionRef>>
{
    protected override string CaseIdOf(ReopenRequest input) => input.CaseId;

    protected override async Task<IReadOnlyList<RevisionRef>> ExecuteAsync(TaskActivityContext context, ReopenRequest input)
    {
        var now = clock.GetUtcNow();
        var reopened = new List<RevisionRef>();
        foreach (var a in await assignments.ForCaseAsync(input.CaseId))
        {
            if (a.ReopenedFor == input.DecisionId) { reopened.Add(new RevisionRef(a.Id, a.Revision)); continue; }
            if (a.Status != AssignmentStatus.Completed || a.Opinion is null) continue;
            var updated = await assignments.UpdateAsync(input.CaseId, a.Id, current => current.Status == AssignmentStatus.Completed && current.ReopenedFor != input.DecisionId
                ? current with
                {
                    Status = AssignmentStatus.Accepted,
                    Revision = current.Revision + 1,
                    ReopenedFor = input.DecisionId,
                    PreviousClosedAt = current.ClosedAt,
                    ClosedAt = null,
                    OpinionDueAt = input.DueAt,
                    OpinionRaised = false,
                }
                : current);
            if (updated.ReopenedFor == input.DecisionId) reopened.Add(new RevisionRef(updated.Id, updated.Revision));
        }
        var step = $"reopened:{input.DecisionId}";
        await cases.RecordStepAsync(input.CaseId, step, c => c.WithEvent(
            $"Returned to the panel by the medical director: {reopened.Count} opinion(s) open for revision until {input.DueAt:u}.", now, key: step));
        await notifications.NotifyAllAsync(reopened.Select(r => new NotificationRequest(NotificationKind.RevisionRequest, input.CaseId, $"{step}:{r.AssignmentId}",
            NotificationAudience.Specialist, AssignmentId: r.AssignmentId)));
        return reopened;
    }
}
