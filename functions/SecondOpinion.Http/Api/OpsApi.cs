using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

public sealed record ResolveRequest(string? Resolution);

/// <summary>Operations routes: <c>/api/ops…</c>, for ops and the medical director.</summary>
public static class OpsApi
{
    /// <summary>Open cases by due time (<c>?stage=</c> narrows), or <c>?closedIn=YYYY-MM</c>; paged.</summary>
    public static Task<IResult> ListCases(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        var query = http.Request.Query;
        return Problems.From(await http.Service<OpsService>().ListCasesAsync(caller, query["stage"].FirstOrDefault(), query["closedIn"].FirstOrDefault(), page!, http.RequestAborted),
            (p, _) => Endpoint.Paged(p));
    });

    /// <summary>Open escalations, oldest first (paged); or <c>?caseId=</c> for every escalation of one case.</summary>
    public static Task<IResult> ListEscalations(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().ListEscalationsAsync(caller, http.Request.Query["caseId"].FirstOrDefault(), page!, http.RequestAborted),
            (p, _) => Endpoint.Paged(p));
    });

    public static Task<IResult> ResolveEscalation(HttpContext http, string escalationId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<ResolveRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().ResolveAsync(caller, escalationId, body?.Resolution, http.RequestAborted), (e, _) => Endpoint.Json(e));
    }, Access.Write);

    public static Task<IResult> ListSpecialists(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Endpoint.Json(await http.Service<OpsService>().ListSpecialistsAsync(caller, http.RequestAborted)));

    public static Task<IResult> GetSpecialist(HttpContext http, string specialistId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<OpsService>().GetSpecialistAsync(caller, specialistId, http.RequestAborted), (s, _) => Endpoint.Json(s)));

    public static Task<IResult> PutSpecialist(HttpContext http, string specialistId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<SpecialistUpsertRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().UpsertSpecialistAsync(caller, specialistId, body, http.RequestAborted),
            (s, created) => Endpoint.Json(s, created ? 201 : 200));
    }, Access.Write);

    public static Task<IResult> ListHospitals(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Endpoint.Json(await http.Service<HospitalRegistry>().ListAsync(caller, http.RequestAborted)));

    public static Task<IResult> GetHospital(HttpContext http, string hospitalId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<HospitalRegistry>().GetAsync(caller, hospitalId, http.RequestAborted), (h, _) => Endpoint.Json(h)));

    public static Task<IResult> PutHospital(HttpContext http, string hospitalId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<HospitalUpsertRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<HospitalRegistry>().UpsertAsync(caller, hospitalId, body, http.RequestAborted),
            (h, created) => Endpoint.Json(h, created ? 201 : 200));
    }, Access.Write);

    public static Task<IResult> GetAudit(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<OpsService>().AuditTrailAsync(caller, http.Request.Query["caseId"].FirstOrDefault(), http.RequestAborted), (t, _) => Endpoint.Json(t)));
}
