using Azure.Storage.Queues;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Events;

/// <summary>
/// Local events adapter: one Storage queue (on Azurite) standing in for the Service Bus topic; each
/// message is one structured CloudEvent. A queue has no duplicate detection: consumers drop repeated ids.
/// </summary>
public sealed class QueueEventPublisher(QueueClient queue, Uri source) : IEventPublisher
{
    public const string DefaultQueueName = "case-events";
    private volatile bool created;

    public async Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken ct = default)
    {
        if (!created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            created = true;
        }
        await queue.SendMessageAsync(BinaryData.FromBytes(CloudEventFormat.Encode(integrationEvent, source)), cancellationToken: ct);
    }
}
