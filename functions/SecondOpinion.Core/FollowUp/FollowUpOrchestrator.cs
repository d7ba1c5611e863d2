using Microsoft.DurableTask;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.FollowUp;

public sealed record FollowUpInput(string CaseId, string QuestionId, TimeSpan AnswerWindow, double ReminderAt);

/// <param name="Reminder">The second call, at the reminder time: the panel is told again.</param>
public sealed record FollowUpRoute(string CaseId, string QuestionId, bool Reminder = false);

public sealed record FollowUpClose(string CaseId, string QuestionId);

public sealed record FollowUpAnswered(DateTimeOffset At);

public sealed record FollowUpResult(string CaseId, string QuestionId, string Outcome, int? AddendumVersion);

public static class FollowUpInstance
{
    /// <summary>One orchestration per question, next to the case's own.</summary>
    public static string IdFor(string caseId, string questionId) => $"{CaseInstance.IdFor(caseId)}-{questionId}";

    public const string Answer = "answer";
}

/// <summary>
/// One follow-up question: it goes to the panel, waits for an answer with a reminder and an
/// escalation at its deadline (then one more window), and the answer becomes a signed addendum to
/// the report. The case's own orchestration has finished; this one carries ids only.
/// </summary>
public sealed class FollowUpOrchestrator : TaskOrchestrator<FollowUpInput, FollowUpResult>
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(8, TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    public override async Task<FollowUpResult> RunAsync(TaskOrchestrationContext context, FollowUpInput input)
    {
        await context.CallActivityAsync(nameof(RouteFollowUpActivity), new FollowUpRoute(input.CaseId, input.QuestionId), Retry);

        using var cancel = new CancellationTokenSource();
        var start = context.CurrentUtcDateTime;
        var answer = context.WaitForExternalEvent<FollowUpAnswered>(FollowUpInstance.Answer, cancel.Token);
        var reminder = context.CreateTimer(start.Add(TimeSpan.FromTicks((long)(input.AnswerWindow.Ticks * Math.Clamp(input.ReminderAt, 0.05, 0.95)))), cancel.Token);
        var overdue = context.CreateTimer(start.Add(input.AnswerWindow), cancel.Token);
        var lastChance = context.CreateTimer(start.Add(input.AnswerWindow * 2), cancel.Token);
        if (await Task.WhenAny(answer, reminder) == reminder)
        {
            await context.CallActivityAsync(nameof(RouteFollowUpActivity), new FollowUpRoute(input.CaseId, input.QuestionId, Reminder: true), Retry);
            if (await Task.WhenAny(answer, overdue) == overdue)
            {
                await context.RaiseEscalationAsync(new EscalationRequest($"{input.CaseId}-{input.QuestionId}-followup-overdue", input.CaseId, EscalationReasons.FollowUpOverdue,
                    $"Follow-up question {input.QuestionId} was not answered by its deadline."));
                await Task.WhenAny(answer, lastChance);
            }
        }
        cancel.Cancel();
        // The store has the last word: an answer stored as the last window closed still becomes the addendum.
        var version = await context.CallActivityAsync<int?>(nameof(CloseFollowUpActivity), new FollowUpClose(input.CaseId, input.QuestionId), Retry);
        var answered = version is not null;
        if (!answered)
        {
            await context.RaiseEscalationAsync(new EscalationRequest($"{input.CaseId}-{input.QuestionId}-followup-unanswered", input.CaseId, EscalationReasons.FollowUpUnanswered,
                $"Follow-up question {input.QuestionId} is still unanswered after two windows; the medical director must answer it."));
        }
        return new FollowUpResult(input.CaseId, input.QuestionId, answered ? "answered" : "unanswered", version);
    }
}
