using Azure.Storage.Queues;
using CloudNative.CloudEvents;
using SecondOpinion.Infrastructure.Events;

namespace SecondOpinion.Tests.Support;

/// <summary>
/// A consumer of the local event queue, as another system would read it: every message decoded as a
/// structured CloudEvent, and repeated ids dropped (a Storage queue has no duplicate detection).
/// </summary>
public sealed class CaseEventQueue(string connectionString, string queueName)
{
    private readonly QueueClient queue = new(connectionString, queueName);
    private readonly List<CloudEvent> received = [];

    /// <summary>Every message published so far, in arrival order (messages are hidden once read).</summary>
    public IReadOnlyList<CloudEvent> Received => received;

    public async Task<IReadOnlyList<CloudEvent>> DrainAsync()
    {
        if (!(await queue.ExistsAsync()).Value) return received;
        for (var page = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10))).Value; page.Length > 0;
             page = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10))).Value)
        {
            received.AddRange(page.Select(m => CloudEventFormat.Decode(m.Body.ToMemory())));
        }
        return received;
    }

    /// <summary>What a consumer that drops repeated ids acts on: each id once, in first-arrival order.</summary>
    public IReadOnlyList<CloudEvent> Delivered(string? caseId = null) =>
        received.Where(e => caseId is null || e.Subject == caseId).DistinctBy(e => e.Id).ToList();
}
