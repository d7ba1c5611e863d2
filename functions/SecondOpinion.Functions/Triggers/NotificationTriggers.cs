using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>A signed-in user's in-app notifications, and the retry of e-mails that have not arrived yet.</summary>
public static class NotificationTriggers
{
    [Function(nameof(ListMyNotifications))]
    public static Task ListMyNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notifications")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, NotificationsApi.ListMine);

    /// <summary>Tries again the pending notifications that are due (the local host runs the same on an interval).</summary>
    [Function(nameof(NotificationDispatch))]
    public static async Task NotificationDispatch([TimerTrigger("0 */1 * * * *")] TimerInfo timer, FunctionContext context)
    {
        var attempted = await context.InstanceServices.GetRequiredService<NotificationService>().DispatchDueAsync(context.CancellationToken);
        if (attempted > 0) context.GetLogger(nameof(NotificationDispatch)).LogInformation("Attempted {Count} pending notification(s)", attempted);
    }
}
