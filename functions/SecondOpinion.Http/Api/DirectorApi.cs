using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Medical director routes: <c>/api/director…</c>. Only the director signs; ops cannot.</summary>
public static class DirectorApi
{
    /// <summary>Draft reports waiting for sign-off, the case SLA soonest first; paged.</summary>
    public static Task<IResult> Queue(HttpContext http) => Endpoint.Authorized(http, Policies.Director, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Endpoint.Paged(await http.Service<SignOffService>().QueueAsync(caller, page!, http.RequestAborted));
    });

    /// <summary>Everything the director reads before deciding: opinions side by side, consensus, triage evidence, flags.</summary>
    public static Task<IResult> GetCase(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Director, async caller =>
        Problems.From(await http.Service<SignOffService>().PacketAsync(caller, caseId, http.RequestAborted), (p, _) => Endpoint.Json(p)));

    /// <summary><c>{"decision": "sign"|"return"|"add-reviewer", "note": …, "subspecialty": …}</c> on the current draft.</summary>
    public static Task<IResult> SignOff(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Director, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<SignOffRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<SignOffService>().DecideAsync(caller, caseId, body, http.RequestAborted),
            (d, created) => Endpoint.Json(d, created ? 201 : 200));
    }, Access.Write);

    /// <summary><c>{"tier": "expedited"|"urgent", "note": …}</c>: raises the case's tier (as triage recommended); the SLA is counted again.</summary>
    public static Task<IResult> RaiseTier(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Director, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<TierRaiseRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<SignOffService>().RaiseTierAsync(caller, caseId, body, http.RequestAborted),
            (c, _) => Endpoint.Json(new { caseId = c.Id, tier = Core.Common.EnumNames.Of(c.Tier), dueAt = c.DueAt, recommendation = c.TierRecommendation }));
    }, Access.Write);
}
