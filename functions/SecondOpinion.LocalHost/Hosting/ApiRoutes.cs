using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Http.Api;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// Documents a request body for OpenAPI only. (<c>Accepts</c> would also take part in routing and
/// answer 415 before authentication, and differently from the Functions app.)
/// </summary>
public sealed record RequestBodyDoc(Type? Type, params string[] ContentTypes);

public sealed record DevTokenRequest(string? Sub, string? Role);

public sealed record DevTokenResponse(string access_token, string token_type, int expires_in);

/// <summary>The HTTP API of DESIGN.md on minimal APIs: each route calls the same shared endpoint method the Functions trigger calls.</summary>
public static class ApiRoutes
{
    public static void MapSecondOpinionApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        const string json = "application/json";

        var cases = api.MapGroup("/cases").WithTags("Cases (patient, hospital, ops)");
        cases.MapPost("", Handler(CasesApi.CreateCase)).WithName("CreateCase")
            .WithMetadata(new RequestBodyDoc(typeof(CreateCaseRequest), json)).Produces<CaseView>(201).Produces<CaseView>(200).ProducesValidationProblem().ProducesProblem(409).ProducesProblem(415);
        cases.MapPost("/{caseId}/documents", (HttpContext h, string caseId) => CasesApi.UploadDocument(h, caseId)).WithName("UploadDocument")
            .WithMetadata(new RequestBodyDoc(null, "multipart/form-data", "application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain", "application/octet-stream"))
            .Produces<CaseDocument>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415);
        cases.MapPost("/{caseId}/submit", (HttpContext h, string caseId) => CasesApi.Submit(h, caseId)).WithName("SubmitCase")
            .Produces<CaseView>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        cases.MapGet("/{caseId}", (HttpContext h, string caseId) => CasesApi.GetCase(h, caseId)).WithName("GetCase")
            .Produces<CaseView>().ProducesProblem(404);
        cases.MapGet("/{caseId}/report", (HttpContext h, string caseId) => CasesApi.GetReport(h, caseId)).WithName("GetReport")
            .Produces<CaseReport>(200, json, "text/html").ProducesProblem(404);

        var assignments = api.MapGroup("/assignments").WithTags("Assignments (specialist)");
        assignments.MapGet("", Handler(AssignmentsApi.ListMine)).WithName("ListAssignments").Produces<Assignment[]>();
        assignments.MapPost("/{id}/accept", (HttpContext h, string id) => AssignmentsApi.Accept(h, id)).WithName("AcceptAssignment")
            .Produces<Assignment>().ProducesProblem(404).ProducesProblem(409);
        assignments.MapPost("/{id}/decline", (HttpContext h, string id) => AssignmentsApi.Decline(h, id)).WithName("DeclineAssignment")
            .Produces<Assignment>().ProducesProblem(404).ProducesProblem(409);
        assignments.MapGet("/{id}/case", (HttpContext h, string id) => AssignmentsApi.GetCaseMaterials(h, id)).WithName("GetAssignmentCase")
            .Produces<CaseMaterials>().ProducesProblem(404);
        assignments.MapPost("/{id}/opinion", (HttpContext h, string id) => AssignmentsApi.SubmitOpinion(h, id)).WithName("SubmitOpinion")
            .WithMetadata(new RequestBodyDoc(typeof(OpinionRequest), json)).Produces<Assignment>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        var ops = api.MapGroup("/ops").WithTags("Operations (ops)");
        ops.MapGet("/cases", Handler(OpsApi.ListCases)).WithName("ListOpsCases").Produces<CaseSummary[]>();
        ops.MapGet("/escalations", Handler(OpsApi.ListEscalations)).WithName("ListEscalations").Produces<Escalation[]>();
        ops.MapPost("/escalations/{id}/resolve", (HttpContext h, string id) => OpsApi.ResolveEscalation(h, id)).WithName("ResolveEscalation")
            .WithMetadata(new RequestBodyDoc(typeof(ResolveRequest), json)).Produces<Escalation>().ProducesValidationProblem().ProducesProblem(404);
        ops.MapPut("/specialists/{id}", (HttpContext h, string id) => OpsApi.PutSpecialist(h, id)).WithName("PutSpecialist")
            .WithMetadata(new RequestBodyDoc(typeof(SpecialistUpsertRequest), json)).Produces<Specialist>(200).Produces<Specialist>(201).ProducesValidationProblem();

        api.MapGet("/health", Handler(HealthApi.Health)).WithName("Health").WithTags("Health").Produces<HealthReport>().Produces<HealthReport>(503);

        // Development tokens exist only in Development: never a way to mint tokens elsewhere.
        if (app.Environment.IsDevelopment())
            api.MapPost("/dev/token", IssueDevToken).WithName("IssueDevToken").WithTags("Development").ProducesValidationProblem();
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
