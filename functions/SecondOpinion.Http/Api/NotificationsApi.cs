using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Notification routes: a signed-in user's own in-app list, and what was sent for a case (operations).</summary>
public static class NotificationsApi
{
    /// <summary><c>GET /api/notifications</c>: mine, newest first (ops and the director: their role's mailbox); paged.</summary>
    public static Task<IResult> ListMine(HttpContext http) => Endpoint.Authorized(http, Policies.SignedIn, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Endpoint.Paged(await http.Service<NotificationService>().ListMineAsync(caller, page!, http.RequestAborted));
    });

    /// <summary><c>GET /api/ops/notifications?caseId=</c>: to whom, when, by which channel, delivered or not; oldest first, paged.</summary>
    public static Task<IResult> ListForCase(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<NotificationService>().ListForCaseAsync(caller, http.Request.Query["caseId"].FirstOrDefault(), page!, http.RequestAborted),
            (p, _) => Endpoint.Paged(p));
    });
}
