using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Deadlines;

/// <summary>Sends a reminder to whoever the case waits on (patient for intake, specialist for offers and opinions).</summary>
public sealed class SendReminderActivity(CaseStore cases, IEventPublisher events, TimeProvider clock) : TaskActivity<ReminderRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ReminderRequest input)
    {
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, string> { ["kind"] = input.Kind };
        if (input.AssignmentId is not null) data["assignmentId"] = input.AssignmentId;
        await events.PublishAsync(new IntegrationEvent("reminder.sent", input.CaseId, now, data));
        await cases.UpdateAsync(input.CaseId, c => c.WithEvent($"Reminder sent ({input.Kind}{(input.AssignmentId is null ? "" : " " + input.AssignmentId)}).", now));
        return true;
    }
}

public sealed class RaiseEscalationActivity(EscalationService escalations, CaseStore cases, TimeProvider clock) : TaskActivity<EscalationRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, EscalationRequest input)
    {
        await escalations.RaiseAsync(input.EscalationId, input.CaseId, input.Reason, input.Detail);
        await cases.UpdateAsync(input.CaseId, c => c.Timeline.Any(t => t.Event.StartsWith($"Escalated {input.EscalationId}", StringComparison.Ordinal))
            ? c : c.WithEvent($"Escalated {input.EscalationId}: {input.Reason}.", clock.GetUtcNow()));
        return true;
    }
}
