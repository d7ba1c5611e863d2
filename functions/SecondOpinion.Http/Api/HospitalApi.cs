using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Hospital routes: <c>/api/hospital…</c>. The hospital is the token's subject (its registry id).</summary>
public static class HospitalApi
{
    public static Task<IResult> CreateBatch(HttpContext http) => Endpoint.Authorized(http, Policies.Hospital, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<BatchGrantRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<HospitalBatchService>().GrantAsync(caller, body, http.RequestAborted),
            (grant, _) => Endpoint.Json(grant, 201));
    }, Access.Write);
}
