using Azure.Messaging.ServiceBus;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Events;

/// <summary>
/// The cloud events adapter: one structured CloudEvent per message on a Service Bus topic. The
/// message id is the event id, so the topic's duplicate detection drops a retried step's repeat;
/// the properties subscribers filter on (type, case and other ids) are copied to the envelope.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusSender sender, Uri source) : IEventPublisher
{
    public const string DefaultTopic = "case-events";

    public Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
    {
        var message = new ServiceBusMessage(BinaryData.FromBytes(CloudEventFormat.Encode(integrationEvent, source)))
        {
            ContentType = CloudEventFormat.ContentType,
            Subject = integrationEvent.Type,
            MessageId = integrationEvent.Id,
            CorrelationId = integrationEvent.CaseId,
        };
        message.ApplicationProperties["caseId"] = integrationEvent.CaseId;
        foreach (var (key, value) in integrationEvent.Data)
        {
            // Ids only: anything else stays in the body, which subscribers must be entitled to read.
            if (key.EndsWith("Id", StringComparison.Ordinal)) message.ApplicationProperties[key] = value;
        }
        return sender.SendMessageAsync(message, ct);
    }
}
