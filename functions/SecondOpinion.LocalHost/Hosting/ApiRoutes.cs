using SecondOpinion.Core.Common;
using SecondOpinion.Http.Api;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.LocalHost.Hosting;

public sealed record DevTokenRequest(string? Sub, string? Role);

public sealed record DevTokenResponse(string access_token, string token_type, int expires_in);

/// <summary>The HTTP API of DESIGN.md on minimal APIs: each route calls the same shared endpoint method the Functions trigger calls.</summary>
public static class ApiRoutes
{
    public static void MapSecondOpinionApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/cases", Handler(CasesApi.CreateCase));
        api.MapPost("/cases/{caseId}/documents", (HttpContext h, string caseId) => CasesApi.UploadDocument(h, caseId));
        api.MapPost("/cases/{caseId}/submit", (HttpContext h, string caseId) => CasesApi.Submit(h, caseId));
        api.MapGet("/cases/{caseId}", (HttpContext h, string caseId) => CasesApi.GetCase(h, caseId));
        api.MapGet("/cases/{caseId}/report", (HttpContext h, string caseId) => CasesApi.GetReport(h, caseId));

        api.MapGet("/assignments", Handler(AssignmentsApi.ListMine));
        api.MapPost("/assignments/{id}/accept", (HttpContext h, string id) => AssignmentsApi.Accept(h, id));
        api.MapPost("/assignments/{id}/decline", (HttpContext h, string id) => AssignmentsApi.Decline(h, id));
        api.MapGet("/assignments/{id}/case", (HttpContext h, string id) => AssignmentsApi.GetCaseMaterials(h, id));
        api.MapPost("/assignments/{id}/opinion", (HttpContext h, string id) => AssignmentsApi.SubmitOpinion(h, id));

        api.MapGet("/ops/cases", Handler(OpsApi.ListCases));
        api.MapGet("/ops/escalations", Handler(OpsApi.ListEscalations));
        api.MapPost("/ops/escalations/{id}/resolve", (HttpContext h, string id) => OpsApi.ResolveEscalation(h, id));
        api.MapPut("/ops/specialists/{id}", (HttpContext h, string id) => OpsApi.PutSpecialist(h, id));

        api.MapGet("/health", Handler(HealthApi.Health));

        // Development tokens exist only in Development: never a way to mint tokens elsewhere.
        if (app.Environment.IsDevelopment())
            api.MapPost("/dev/token", IssueDevToken);
    }

    /// <summary>Endpoint methods take only the HttpContext; typed as a route handler so their IResult is executed.</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> endpoint) => endpoint;

    private static IResult IssueDevToken(DevTokenRequest? request, TokenService tokens, TimeProvider clock, Http.Auth.AuthOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Sub) || request.Sub.Length > 128) errors["sub"] = ["Required, at most 128 characters."];
        if (request?.Role is null || !Roles.Issuable.Contains(request.Role)) errors["role"] = [$"Must be one of: {string.Join(", ", Roles.Issuable)}."];
        if (errors.Count > 0) return Problems.Invalid(errors);
        return Results.Json(new DevTokenResponse(tokens.Issue(request!.Sub!.Trim(), request.Role!, clock.GetUtcNow()), "Bearer", (int)options.TokenLifetime.TotalSeconds));
    }
}
