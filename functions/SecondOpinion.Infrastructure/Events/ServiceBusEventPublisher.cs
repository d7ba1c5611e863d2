using Azure.Messaging.ServiceBus;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Events;

/// <summary>
/// The cloud events adapter: one message per integration event on a Service Bus topic. The body is
/// the event's JSON; the properties subscribers filter on (subject, ids) are copied to the envelope.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusSender sender) : IEventPublisher
{
    public const string DefaultTopic = "case-events";

    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(SecondOpinionJson.Serialize(integrationEvent)))
        {
            ContentType = "application/json",
            Subject = integrationEvent.Type,
            MessageId = integrationEvent.Id,
            CorrelationId = integrationEvent.CaseId,
        };
        message.ApplicationProperties["caseId"] = integrationEvent.CaseId;
        foreach (var (key, value) in integrationEvent.Data ?? new Dictionary<string, string>())
        {
            // Ids only: anything else stays in the body, which subscribers must be entitled to read.
            if (key.EndsWith("Id", StringComparison.Ordinal)) message.ApplicationProperties[key] = value;
        }
        return sender.SendMessageAsync(message, ct);
    }
}
