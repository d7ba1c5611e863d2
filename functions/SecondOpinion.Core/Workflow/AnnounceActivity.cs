using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;

namespace SecondOpinion.Core.Workflow;

/// <summary>
/// Publishes a case milestone as its own workflow step, after the state it announces was stored: the
/// durable engine retries it until it is out, and its id is fixed by the step, so consumers see it
/// once. Contents come from the stored case, so a retry publishes the same event.
/// </summary>
public sealed class AnnounceActivity(ICaseRepository cases, IEventPublisher events, NotificationService notifications) : CaseActivity<Announcement, bool>
{
    protected override string CaseIdOf(Announcement input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, Announcement input)
    {
        var c = await cases.GetAsync(input.CaseId);
        var announced = input.Type switch
        {
            EventTypes.CaseCreated => new IntegrationEvent(EventIds.For(c.Id, "created"), EventTypes.CaseCreated, c.Id, c.CreatedAt,
                c.HospitalId is null ? new Dictionary<string, string> { ["source"] = EnumNames.Of(c.Source) }
                    : new Dictionary<string, string> { ["source"] = EnumNames.Of(c.Source), ["hospitalId"] = c.HospitalId }),
            EventTypes.ReportReady when c.ReportJsonPath is { } report => new IntegrationEvent(EventIds.For(c.Id, "report-ready"), EventTypes.ReportReady, c.Id,
                c.CompletedAt ?? c.CreatedAt, new Dictionary<string, string> { ["reportPath"] = $"{BlobLayout.ReportsContainer}/{report}" }),
            EventTypes.ReportReady => throw new InvalidOperationException($"Case {c.Id} has no report to announce."),
            _ => throw new ArgumentException($"{input.Type} is not announced by the workflow.", nameof(input)),
        };
        await events.PublishAsync(announced);
        if (input.Type == EventTypes.ReportReady) await notifications.NotifyAllAsync(NotificationRequest.ReportReady(c.Id));
        return true;
    }
}
