using SecondOpinion.Core.Hospitals;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>The local stand-in for the Functions blob trigger and sweep: polls <c>hospital-inbox</c> for batches.</summary>
public sealed class HospitalInboxWatcher(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<HospitalInboxWatcher> log) : BackgroundService
{
    private readonly HashSet<string> finished = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("HospitalDrops:PollInterval", TimeSpan.FromSeconds(2));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<HospitalDropProcessor>();
                foreach (var (hospitalId, batchId) in await processor.ListBatchesAsync(stoppingToken))
                {
                    if (finished.Contains($"{hospitalId}/{batchId}")) continue;
                    try
                    {
                        var batch = await processor.ProcessAsync(hospitalId, batchId, stoppingToken);
                        if (batch.Status != BatchStatus.Waiting) finished.Add($"{hospitalId}/{batchId}");
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One batch failing must not hold up the others; it is retried next scan.
                        log.LogWarning("Hospital batch {HospitalId}/{BatchId} failed ({ErrorType}); retrying", hospitalId, batchId, ex.GetType().Name);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning("Hospital inbox scan failed ({ErrorType}); retrying", ex.GetType().Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
