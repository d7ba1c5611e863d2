using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Operations;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

public sealed record ResolveRequest(string? Resolution);

/// <summary>A page of <c>GET /api/ops/specialists</c>.</summary>
/// <param name="Total">How many entries match the filters, over all pages.</param>
/// <param name="Next">The next page's path and query; absent (null) on the last page.</param>
public sealed record SpecialistPage(IReadOnlyList<Specialist> Items, int Total, int PageSize, string? ContinuationToken, string? Next);

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

    /// <summary>Quarantined hospital drops, newest first: hospital, batch, when, reason, file count; paged. No file contents or names.</summary>
    public static Task<IResult> ListQuarantine(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Endpoint.Paged(await http.Service<QuarantineListing>().ListAsync(caller, page!, http.RequestAborted));
    });

    public static Task<IResult> ResolveEscalation(HttpContext http, string escalationId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<ResolveRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<OpsService>().ResolveAsync(caller, escalationId, body?.Resolution, http.RequestAborted), (e, _) => Endpoint.Json(e));
    }, Access.Write);

    /// <summary>
    /// The directory, paged in id order (<c>?pageSize=&amp;continuationToken=</c>) and filtered
    /// (<c>?subspecialty=&amp;jurisdiction=&amp;language=&amp;available=&amp;q=</c>): the items, the total that
    /// match, and the next page's link (also its token in <see cref="ApiHeaders.Continuation"/>).
    /// </summary>
    public static Task<IResult> ListSpecialists(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        var q = http.Request.Query;
        var query = SpecialistQuery.TryParse(q["subspecialty"].FirstOrDefault(), q["jurisdiction"].FirstOrDefault(), q["language"].FirstOrDefault(),
            q["available"].FirstOrDefault(), q["q"].FirstOrDefault(), out var errors);
        if (query is null) return Problems.Invalid(errors!);
        var listing = await http.Service<OpsService>().ListSpecialistsAsync(caller, query, page!, http.RequestAborted);
        string? next = null;
        if (listing.ContinuationToken is { } token)
        {
            var parameters = q.Where(p => p.Key != "continuationToken").ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
            parameters["continuationToken"] = token;
            next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/ops/specialists", parameters);
        }
        return Endpoint.WithContinuation(Endpoint.Json(new SpecialistPage(listing.Items, listing.Total, page!.Size, listing.ContinuationToken, next)), listing.ContinuationToken);
    });

    /// <summary>The fixed subspecialty taxonomy: the only ids the directory, triage and the matcher use.</summary>
    public static Task<IResult> ListSubspecialties(HttpContext http) => Endpoint.Authorized(http, Policies.SignedIn, _ =>
        Task.FromResult(Endpoint.Json(Subspecialties.All)));

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

    /// <summary>Every seat: who sits on it, the ranked backups and why, the offers so far, and who the matcher left out and why.</summary>
    public static Task<IResult> GetPanel(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<CaseOperationsService>().PanelAsync(caller, caseId, http.RequestAborted), (p, _) => Endpoint.Json(p)));

    /// <summary>The durable runtime status, the workflow's steps and the time spent in each stage.</summary>
    public static Task<IResult> GetWorkflow(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<CaseOperationsService>().WorkflowAsync(caller, caseId, http.RequestAborted), (w, _) => Endpoint.Json(w)));

    /// <summary><c>{"reason": …}</c>: 202, the engine suspends the workflow (follow it at <c>…/workflow</c>).</summary>
    public static Task<IResult> Suspend(HttpContext http, string caseId) => Action(http, (service, caller, body) => service.SuspendAsync(caller, caseId, body, http.RequestAborted),
        r => Endpoint.Json(r, 202, $"/api/ops/cases/{caseId}/workflow"));

    /// <summary><c>{"reason": …}</c>: 202, the engine resumes the workflow.</summary>
    public static Task<IResult> Resume(HttpContext http, string caseId) => Action(http, (service, caller, body) => service.ResumeAsync(caller, caseId, body, http.RequestAborted),
        r => Endpoint.Json(r, 202, $"/api/ops/cases/{caseId}/workflow"));

    /// <summary><c>{"reason": …}</c>: the case is cancelled and its open assignments withdrawn.</summary>
    public static Task<IResult> Cancel(HttpContext http, string caseId) => Action(http, (service, caller, body) => service.CancelAsync(caller, caseId, body, http.RequestAborted),
        r => Endpoint.Json(r));

    /// <summary><c>{"reason": …}</c>: a failed or stuck workflow starts again and goes on from the stage the case is in.</summary>
    public static Task<IResult> Restart(HttpContext http, string caseId) => Action(http, (service, caller, body) => service.RestartAsync(caller, caseId, body, http.RequestAborted),
        r => Endpoint.Json(r, 202, $"/api/ops/cases/{caseId}/workflow"));

    /// <summary><c>{"reason": …}</c>: an open offer or a review not yet given is withdrawn.</summary>
    public static Task<IResult> WithdrawAssignment(HttpContext http, string assignmentId) => Action(http,
        (service, caller, body) => service.WithdrawAsync(caller, assignmentId, body, http.RequestAborted), a => Endpoint.Json(a));

    /// <summary><c>{"specialistId": …, "reason": …}</c>: the seat goes to the named specialist next; whoever holds it is withdrawn.</summary>
    public static Task<IResult> ReassignSeat(HttpContext http, string caseId, string seatId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<ReassignSeatRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<SeatOperationsService>().ReassignAsync(caller, caseId, seatId, body, http.RequestAborted), (s, _) => Endpoint.Json(s));
    }, Access.Write);

    /// <summary><c>{"subspecialty": …, "specialistId": …, "reason": …}</c>: one more seat on a panel under review.</summary>
    public static Task<IResult> AddSeat(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Operations, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<AddSeatRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<SeatOperationsService>().AddAsync(caller, caseId, body, http.RequestAborted),
            (r, _) => Endpoint.Json(r, 202, $"/api/ops/cases/{caseId}/panel"));
    }, Access.Write);

    private static Task<IResult> Action<T>(HttpContext http, Func<CaseOperationsService, Caller, OpsActionRequest?, Task<Outcome<T>>> act, Func<T, IResult> ok) =>
        Endpoint.Authorized(http, Policies.Operations, async caller =>
        {
            var (body, problem) = await Endpoint.ReadJsonAsync<OpsActionRequest>(http);
            if (problem is not null) return problem;
            return Problems.From(await act(http.Service<CaseOperationsService>(), caller, body), (value, _) => ok(value));
        }, Access.Write);

    public static Task<IResult> GetAudit(HttpContext http) => Endpoint.Authorized(http, Policies.Operations, async caller =>
        Problems.From(await http.Service<OpsService>().AuditTrailAsync(caller, http.Request.Query["caseId"].FirstOrDefault(), http.RequestAborted), (t, _) => Endpoint.Json(t)));
}
