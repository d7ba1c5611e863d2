using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.FollowUp;

/// <summary>A question as its asker (and the panel) sees it.</summary>
public sealed record FollowUpView(string Id, string Question, FollowUpStatus Status, DateTimeOffset AskedAt, DateTimeOffset? AnswerDueAt, string? Answer,
    DateTimeOffset? AnsweredAt, int? AddendumVersion);

/// <summary>
/// Follow-up questions: the patient (or the referring hospital) asks, within the window after the
/// report was signed and up to the policy's number; a reviewer of the panel answers; the workflow
/// adds the answer to the report as a signed addendum.
/// </summary>
public sealed class FollowUpService(ICaseRepository cases, IAssignmentRepository assignments, CaseService caseService, ICaseWorkflowClient workflow,
    FollowUpPolicy policy, AuditLog audit, TimeProvider clock)
{
    public static FollowUpView View(FollowUpQuestion q) => new(q.Id, q.Text, q.Status, q.AskedAt, q.AnswerDueAt, q.Answer, q.AnsweredAt, q.AddendumVersion);

    public async Task<Outcome<FollowUpView>> AskAsync(Caller caller, string caseId, FollowUpQuestionRequest? request, CancellationToken ct = default)
    {
        var caseFile = await caseService.FindVisibleAsync(caller, caseId, AuditActions.FollowUpAsk, ct);
        if (caseFile is null || caller.IsOperations) return new Outcome<FollowUpView>.NotFound($"No case {caseId} for this caller.");
        var text = request?.Question?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2000)
            return new Outcome<FollowUpView>.Invalid(new Dictionary<string, string[]> { ["question"] = ["A question of 1 to 2000 characters is required."] });
        var signedAt = caseFile.ReportVersions.FirstOrDefault(v => v.Kind == Reports.ReportVersionKind.Signed)?.SignedAt;
        if (signedAt is null)
            return new Outcome<FollowUpView>.Conflict("Follow-up questions open once the report is signed.");
        var now = clock.GetUtcNow();
        if (now > signedAt.Value + policy.Window)
            return new Outcome<FollowUpView>.Conflict($"Follow-up questions could be asked until {signedAt.Value + policy.Window:u} ({policy.Window.TotalDays:0} days after the report was signed).");
        // Asking the same question again (a retried request) returns it, and finishes a first attempt that stopped before starting its workflow.
        if (caseFile.FollowUps.FirstOrDefault(q => q.Text == text && q.AskedBy == caller.Subject) is { } repeat)
            return repeat.Started ? View(repeat) : View(await StartAsync(caseId, repeat, ct));
        if (caseFile.FollowUps.Count >= policy.MaxQuestions)
            return new Outcome<FollowUpView>.Conflict($"Up to {policy.MaxQuestions} follow-up questions can be asked; all were asked.");

        FollowUpQuestion? asked = null;
        var stored = await cases.UpdateAsync(caseId, c =>
        {
            if (c.FollowUps.Count >= policy.MaxQuestions || c.FollowUps.Any(q => q.Text == text && q.AskedBy == caller.Subject)) return c;
            asked = new FollowUpQuestion { Id = $"q{c.FollowUps.Count + 1}", Text = text, AskedBy = caller.Subject, AskedAt = now, AnswerDueAt = now + policy.AnswerWindow };
            return (c with { FollowUps = [.. c.FollowUps, asked] }).WithEvent($"Follow-up question {asked.Id} asked.", now, patientFacing: true);
        }, ct);
        var question = stored.FollowUps.FirstOrDefault(q => q.Text == text && q.AskedBy == caller.Subject);
        if (question is null) return new Outcome<FollowUpView>.Conflict($"Up to {policy.MaxQuestions} follow-up questions can be asked; all were asked.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.FollowUpAsk, $"cases/{caseId}/questions/{question.Id}", CaseId: caseId), ct);
        return new Outcome<FollowUpView>.Ok(View(await StartAsync(caseId, question, ct)), Created: asked is not null);
    }

    private async Task<FollowUpQuestion> StartAsync(string caseId, FollowUpQuestion question, CancellationToken ct)
    {
        await workflow.StartFollowUpAsync(new FollowUpInput(caseId, question.Id, policy.AnswerWindow, policy.ReminderAt), ct);
        var updated = await cases.UpdateAsync(caseId, c => c with { FollowUps = c.FollowUps.Select(q => q.Id == question.Id ? q with { Started = true } : q).ToList() }, ct);
        return updated.FollowUps.Single(q => q.Id == question.Id);
    }

    public async Task<Outcome<IReadOnlyList<FollowUpView>>> ListAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        var caseFile = await caseService.FindVisibleAsync(caller, caseId, AuditActions.FollowUpRead, ct);
        if (caseFile is null) return new Outcome<IReadOnlyList<FollowUpView>>.NotFound($"No case {caseId} for this caller.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.FollowUpRead, $"cases/{caseId}/questions", CaseId: caseId), ct);
        return caseFile.FollowUps.Select(View).ToList();
    }

    /// <summary>
    /// A reviewer who gave an opinion on the case answers, through their assignment; the first answer
    /// is kept (a repeat of it finishes telling the workflow), a different second one is refused.
    /// </summary>
    public async Task<Outcome<FollowUpView>> AnswerAsync(Caller caller, string assignmentId, string questionId, FollowUpAnswerRequest? request, CancellationToken ct = default)
    {
        var caseId = AssignmentService.CaseIdOf(assignmentId);
        var assignment = caseId is null ? null : await assignments.FindAsync(caseId, assignmentId, ct);
        if (assignment is not null && assignment.SpecialistId != caller.Subject)
        {
            // Someone else's review: audited in its case's chain, and not disclosed.
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.FollowUpAnswer, $"assignments/{assignmentId}", AuditOutcome.NotYours, CaseId: assignment.CaseId), ct);
            assignment = null;
        }
        if (assignment is null || assignment.Status != AssignmentStatus.Completed)
            return new Outcome<FollowUpView>.NotFound($"No completed review {assignmentId} for this specialist.");
        var text = request?.Answer?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 8000)
            return new Outcome<FollowUpView>.Invalid(new Dictionary<string, string[]> { ["answer"] = ["An answer of 1 to 8000 characters is required."] });
        var caseFile = await cases.GetAsync(assignment.CaseId, ct);
        var question = caseFile.FollowUps.FirstOrDefault(q => q.Id == questionId);
        if (question is null) return new Outcome<FollowUpView>.NotFound($"No follow-up question {questionId} on this case.");
        if (question.Status == FollowUpStatus.Answered)
        {
            if (question.Answer != text || question.AnsweredBy != caller.Subject) return new Outcome<FollowUpView>.Conflict("This question was already answered.");
            return question.AnswerRaised ? View(question) : View(await RaiseAsync(assignment.CaseId, question, ct));
        }
        if (question.Status != FollowUpStatus.Open) return new Outcome<FollowUpView>.Conflict($"The question is {EnumNames.Of(question.Status)}.");
        var now = clock.GetUtcNow();
        var stored = await cases.UpdateAsync(assignment.CaseId, c => (c with
        {
            FollowUps = c.FollowUps.Select(q => q.Id == questionId && q.Status == FollowUpStatus.Open
                ? q with { Status = FollowUpStatus.Answered, Answer = text, AnsweredBy = caller.Subject, AnsweredAt = now } : q).ToList(),
        }).WithEvent($"Follow-up question {questionId} answered by {caller.Subject}.", now), ct);
        var answered = stored.FollowUps.Single(q => q.Id == questionId);
        if (answered.AnsweredBy != caller.Subject || answered.Answer != text) return new Outcome<FollowUpView>.Conflict("This question was already answered.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.FollowUpAnswer, $"assignments/{assignmentId}/questions/{questionId}", CaseId: assignment.CaseId), ct);
        return new Outcome<FollowUpView>.Ok(View(await RaiseAsync(assignment.CaseId, answered, ct)), Created: true);
    }

    private async Task<FollowUpQuestion> RaiseAsync(string caseId, FollowUpQuestion question, CancellationToken ct)
    {
        await workflow.RaiseFollowUpEventAsync(caseId, question.Id, FollowUpInstance.Answer, new FollowUpAnswered(question.AnsweredAt!.Value), ct);
        var updated = await cases.UpdateAsync(caseId, c => c with { FollowUps = c.FollowUps.Select(q => q.Id == question.Id ? q with { AnswerRaised = true } : q).ToList() }, ct);
        return updated.FollowUps.Single(q => q.Id == question.Id);
    }
}
