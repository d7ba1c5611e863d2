using Azure.Storage.Queues;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Events;

/// <summary>Local events adapter: one Storage queue (on Azurite) standing in for the Service Bus topic.</summary>
public sealed class QueueEventPublisher(QueueClient queue) : IEventPublisher
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
        await queue.SendMessageAsync(BinaryData.FromString(SecondOpinionJson.Serialize(integrationEvent)), cancellationToken: ct);
    }
}
