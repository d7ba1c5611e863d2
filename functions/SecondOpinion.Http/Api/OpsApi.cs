using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;

namespace SecondOpinion.Http.Api;

public sealed record ResolveRequest(string? Resolution);

/// <summary>Ops and medical-director routes: <c>/api/ops…</c>.</summary>
public static class OpsApi
{
    private static readonly string[] OpsOnly = [Roles.Ops];

    public static Task<IResult> ListCases(HttpContext http) => Endpoint.ForRoles(http, OpsOnly, async _ =>
        Endpoint.Json(await http.Service<OpsService>().ListCasesAsync(http.RequestAborted)));

    public static Task<IResult> ListEscalations(HttpContext http) => Endpoint.ForRoles(http, OpsOnly, async _ =>
    {
        var all = string.Equals(http.Request.Query["all"], "true", StringComparison.OrdinalIgnoreCase);
        return Endpoint.Json(await http.Service<OpsService>().ListEscalationsAsync(all, http.RequestAborted));
    });

    public static Task<IResult> ResolveEscalation(HttpContext http, string escalationId) => Endpoint.ForRoles(http, OpsOnly, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<ResolveRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().ResolveAsync(caller, escalationId, body?.Resolution, http.RequestAborted), (e, _) => Endpoint.Json(e));
    });

    public static Task<IResult> PutSpecialist(HttpContext http, string specialistId) => Endpoint.ForRoles(http, OpsOnly, async _ =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<SpecialistUpsertRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().UpsertSpecialistAsync(specialistId, body, http.RequestAborted),
            (s, created) => Endpoint.Json(s, created ? 201 : 200));
    });
}
