using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Deadlines;

/// <summary>Sends a reminder to whoever the case waits on (patient for intake, specialist for offers and opinions).</summary>
public sealed class SendReminderActivity(ICaseRepository cases, IEventPublisher events, TimeProvider clock, NotificationService notifications) : CaseActivity<ReminderRequest, bool>
{
    protected override string CaseIdOf(ReminderRequest input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, ReminderRequest input)
    {
        var now = clock.GetUtcNow();
        var kind = EnumNames.Of(input.Kind);
        var step = (input.AssignmentId is null ? $"reminder:{kind}" : $"reminder:{kind}:{input.AssignmentId}") + (input.Round > 1 ? $":r{input.Round}" : "");
        var (sentAt, first) = await cases.RecordStepAsync(input.CaseId, step,
            c => c.WithEvent($"Reminder sent ({kind}{(input.AssignmentId is null ? "" : " " + input.AssignmentId)}).", now, key: step));
        if (first) Telemetry.RemindersSent.Add(1, new KeyValuePair<string, object?>("kind", kind));
        var data = new Dictionary<string, string> { ["kind"] = kind };
        if (input.AssignmentId is not null) data["assignmentId"] = input.AssignmentId;
        await events.PublishAsync(new IntegrationEvent(EventIds.For(input.CaseId, step), EventTypes.ReminderSent, input.CaseId, sentAt, data));
        await notifications.NotifyAsync(NotificationRequest.Reminder(input, step));
        return true;
    }
}

public sealed class RaiseEscalationActivity(EscalationService escalations, ICaseRepository cases, TimeProvider clock, NotificationService notifications) : CaseActivity<EscalationRequest, bool>
{
    protected override string CaseIdOf(EscalationRequest input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, EscalationRequest input)
    {
        await escalations.RaiseAsync(input.EscalationId, input.CaseId, input.Reason, input.Detail);
        var step = $"escalation:{input.EscalationId}";
        await cases.RecordStepAsync(input.CaseId, step, c => c.WithEvent($"Escalated {input.EscalationId}: {input.Reason}.", clock.GetUtcNow(), key: step));
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.Escalation, input.CaseId, step, NotificationAudience.Ops));
        return true;
    }
}
