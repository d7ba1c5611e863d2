using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.FollowUp;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Follow-up questions after the signed report: asked by the patient or referring hospital, answered by the panel.</summary>
public static class FollowUpsApi
{
    /// <summary><c>{"question": …}</c>; up to the policy's number, within its window after signing.</summary>
    public static Task<IResult> Ask(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.CaseOwners, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<FollowUpQuestionRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<FollowUpService>().AskAsync(caller, caseId, body, http.RequestAborted), (q, created) => Endpoint.Json(q, created ? 201 : 200));
    }, Access.Write);

    public static Task<IResult> List(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.CaseReaders, async caller =>
        Problems.From(await http.Service<FollowUpService>().ListAsync(caller, caseId, http.RequestAborted), (q, _) => Endpoint.Json(q)));

    /// <summary><c>{"answer": …}</c> by a reviewer who gave an opinion on the case, through that assignment.</summary>
    public static Task<IResult> Answer(HttpContext http, string assignmentId, string questionId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<FollowUpAnswerRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<FollowUpService>().AnswerAsync(caller, assignmentId, questionId, body, http.RequestAborted),
            (q, created) => Endpoint.Json(q, created ? 201 : 200));
    }, Access.Write);
}
