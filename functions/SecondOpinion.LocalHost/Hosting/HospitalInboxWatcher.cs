using SecondOpinion.Core.Hospitals;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// The local stand-in for the Functions blob trigger and sweep. Azurite raises no blob events, so
/// the inbox is polled; finished batches move out of it, so a poll lists open work only. Every
/// minute the open batches are swept as in Azure (a listed file that never arrives raises no event).
/// </summary>
public sealed class HospitalInboxWatcher(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<HospitalInboxWatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("HospitalDrops:PollInterval", TimeSpan.FromSeconds(2));
        var sweepEvery = configuration.GetValue("HospitalDrops:SweepInterval", TimeSpan.FromMinutes(1));
        var nextSweep = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<HospitalDropProcessor>();
                foreach (var (hospitalId, batchId) in await processor.ListInboxFoldersAsync(stoppingToken))
                {
                    try
                    {
                        await processor.ProcessAsync(hospitalId, batchId, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One batch failing must not hold up the others; it is retried next poll.
                        log.LogWarning("Hospital batch {HospitalId}/{BatchId} failed ({ErrorType}); retrying", hospitalId, batchId, ex.GetType().Name);
                    }
                }
                if (DateTimeOffset.UtcNow >= nextSweep)
                {
                    await processor.SweepOpenBatchesAsync(stoppingToken);
                    nextSweep = DateTimeOffset.UtcNow + sweepEvery;
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
