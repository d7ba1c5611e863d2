using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Hosting.Durable;

namespace SecondOpinion.Functions.Triggers;

/// <summary>
/// Hospital drops into <c>hospital-inbox/{hospitalId}/{batchId}/…</c>. Every arriving blob re-checks
/// its batch; the timer sweep re-checks the batches still open, which is what quarantines a batch
/// whose listed files never arrive (no blob event fires for a file that is missing).
/// </summary>
public static class HospitalInboxTriggers
{
    // Flex Consumption only runs the Event Grid flavour of the blob trigger; the subscription is
    // created after deployment (infra/scripts/subscribe-hospital-inbox.sh).
    [Function(nameof(HospitalInboxBlob))]
    public static async Task HospitalInboxBlob(
        [BlobTrigger("hospital-inbox/{name}", Connection = "Storage", Source = BlobTriggerSource.EventGrid)] BlobClient blob, string name,
        [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        // Bound as a BlobClient so nothing is downloaded here: the processor reads what it needs.
        var log = context.GetLogger(nameof(HospitalInboxBlob));
        if (!HospitalDropProcessor.TryParseBatchPath(name, out var hospitalId, out var batchId))
        {
            // File names can carry patient names: not logged.
            log.LogWarning("Ignoring a hospital-inbox blob outside {{hospitalId}}/{{batchId}}/");
            return;
        }
        var batch = await Processor(context, client).ProcessAsync(hospitalId, batchId, context.CancellationToken);
        log.LogInformation("Hospital batch {HospitalId}/{BatchId} is {Status}", hospitalId, batchId, batch.Status);
    }

    /// <summary>Checks again every batch still open (never the inbox or finished batches).</summary>
    [Function(nameof(HospitalInboxSweep))]
    public static async Task HospitalInboxSweep(
        [TimerTrigger("0 */5 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        var swept = await Processor(context, client).SweepOpenBatchesAsync(context.CancellationToken);
        context.GetLogger(nameof(HospitalInboxSweep)).LogInformation("Swept {Count} open hospital batch(es)", swept);
    }

    /// <summary>The processor from this invocation's DI scope, starting workflows through the bound durable client.</summary>
    private static HospitalDropProcessor Processor(FunctionContext context, DurableTaskClient client)
    {
        context.InstanceServices.GetRequiredService<DurableClientSlot>().Client = client;
        return context.InstanceServices.GetRequiredService<HospitalDropProcessor>();
    }
}
