using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecondOpinion.Core.Common;
using SecondOpinion.Hosting.Durable;
using SecondOpinion.Hosting.Settings;
using SecondOpinion.Http.Api;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Hosting.Health;

/// <summary>
/// Readiness: one cheap call to each dependency the API needs to serve a case. The description says
/// what failed in words; exception details stay out of the answer (it is unauthenticated).
/// </summary>
public static class DependencyHealthChecks
{
    public static IServiceCollection AddSecondOpinionHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ReadinessCache>();
        services.AddHealthChecks()
            .AddCheck<BlobStorageCheck>("blob", tags: [HealthApi.ReadyTag])
            .AddCheck<QueueStorageCheck>("queue", tags: [HealthApi.ReadyTag])
            .AddCheck<StateStoreCheck>("state", tags: [HealthApi.ReadyTag])
            .AddCheck<DurableBackendCheck>("durable", tags: [HealthApi.ReadyTag]);
        return services;
    }
}

internal sealed class BlobStorageCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await blobs.GetBlobContainerClient(BlobLayout.ReportsContainer).ExistsAsync(ct);
        return HealthCheckResult.Healthy("Blob Storage answers.");
    }
}

internal sealed class QueueStorageCheck(QueueServiceClient queues, EventsSettings events) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (events.Provider != EventsProvider.Queue) return HealthCheckResult.Healthy("Events go to Service Bus; the queue is not used.");
        await queues.GetQueueClient(events.QueueName).ExistsAsync(ct);
        return HealthCheckResult.Healthy("Queue Storage answers.");
    }
}

internal sealed class StateStoreCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // A point read of a document that never exists: the cheapest round trip the store has.
        await store.ReadAsync<object>(Containers.Hospitals, Containers.RegistryPartition, "health-probe", ct);
        return HealthCheckResult.Healthy("The state store answers.");
    }
}

/// <summary>Asks the durable backend for an instance that never exists (the Functions app's client comes from the trigger's binding).</summary>
internal sealed class DurableBackendCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = services.GetRequiredService<DurableClientSlot>().Client;
        await client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, ct);
        return HealthCheckResult.Healthy("The durable backend answers.");
    }
}
