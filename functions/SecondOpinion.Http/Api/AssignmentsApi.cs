using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Review;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Specialist routes: <c>/api/assignments…</c>. A specialist only ever sees their own assignments.</summary>
public static class AssignmentsApi
{
    /// <summary><c>?status=active</c> (open offers and reviews, the default) or <c>completed</c> (opinions given in <c>?month=YYYY-MM</c>, this month by default, newest first); paged.</summary>
    public static Task<IResult> ListMine(HttpContext http) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        var status = http.Request.Query["status"].FirstOrDefault();
        var listing = AssignmentListing.Active;
        if (status is not null && !EnumNames.TryParse(status, out listing))
            return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = ["One of: active, completed."] });
        (int, int)? month = null;
        if (http.Request.Query["month"].FirstOrDefault() is { } text)
        {
            if (listing != AssignmentListing.Completed || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", out var first))
                return Problems.Invalid(new Dictionary<string, string[]> { ["month"] = ["A month as YYYY-MM, with status=completed."] });
            month = (first.Year, first.Month);
        }
        return Endpoint.Paged(await http.Service<AssignmentService>().ListMineAsync(caller, listing, month, page!, http.RequestAborted));
    });

    public static Task<IResult> Accept(HttpContext http, string assignmentId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
        Problems.From(await http.Service<AssignmentService>().AcceptAsync(caller, assignmentId, http.RequestAborted), (a, _) => Endpoint.Json(a)), Access.Write);

    public static Task<IResult> Decline(HttpContext http, string assignmentId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
        Problems.From(await http.Service<AssignmentService>().DeclineAsync(caller, assignmentId, http.RequestAborted), (a, _) => Endpoint.Json(a)), Access.Write);

    public static Task<IResult> GetCaseMaterials(HttpContext http, string assignmentId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
        Problems.From(await http.Service<AssignmentService>().GetMaterialsAsync(caller, assignmentId, http.RequestAborted), (m, _) => Endpoint.Json(m)));

    /// <summary>One original record of the assignment's case, after accepting; shown as "record-2.pdf", never by its file name.</summary>
    public static Task<IResult> GetDocument(HttpContext http, string assignmentId, string documentId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
        Problems.From(await http.Service<AssignmentService>().OpenDocumentAsync(caller, assignmentId, documentId, http.RequestAborted), (f, _) => new RecordFileResult(f)));

    public static Task<IResult> SubmitOpinion(HttpContext http, string assignmentId) => Endpoint.Authorized(http, Policies.Specialist, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<OpinionRequest>(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<AssignmentService>().SubmitOpinionAsync(caller, assignmentId, body, http.RequestAborted), (a, _) => Endpoint.Json(a, 201));
    }, Access.Write);
}
