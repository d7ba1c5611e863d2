using SecondOpinion.Core.Notifications;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>The local stand-in for the Functions timer: every <see cref="NotificationOptions.DispatchInterval"/>, tries again the notifications that are due.</summary>
public sealed class NotificationDispatcher(NotificationService notifications, NotificationOptions options, ILogger<NotificationDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DispatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await notifications.DispatchDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning("Notification dispatch failed ({ErrorType}); retrying", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
