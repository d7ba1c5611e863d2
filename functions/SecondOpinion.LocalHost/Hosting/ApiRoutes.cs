using System.Net;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.FollowUp;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Http.Api;
using SecondOpinion.LocalHost.Identity;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// Documents a request body for OpenAPI only. (<c>Accepts</c> would also take part in routing and
/// answer 415 before authentication, and differently from the Functions app.)
/// </summary>
public sealed record RequestBodyDoc(Type? Type, params string[] ContentTypes);

/// <summary>Documents response content types that are files, not the response type's JSON schema, for OpenAPI only.</summary>
public sealed record BinaryResponseDoc(int Status, params string[] ContentTypes);

/// <summary>Marks a paged listing for OpenAPI: <c>pageSize</c> and <c>continuationToken</c> in, the next token in a header out.</summary>
public sealed class PagedDoc
{
    public static readonly PagedDoc Instance = new();
}

/// <summary>Documents a route's query-string filters for OpenAPI: each a string parameter with its description.</summary>
public sealed record QueryDoc(IReadOnlyList<(string Name, string Description)> Parameters);

public sealed record DevTokenRequest(string? Sub, string? Role);

public sealed record DevTokenResponse(string access_token, string token_type, int expires_in);

/// <summary>The HTTP API of DESIGN.md on minimal APIs: each route calls the same shared endpoint method the Functions trigger calls.</summary>
public static class ApiRoutes
{
    private static readonly (string, string)[] SpecialistFilters =
    [
        ("subspecialty", "A taxonomy id (GET /api/subspecialties): specialists who practise it."),
        ("jurisdiction", "An ISO 3166 code: specialists licensed to review a case from there (US by state, 'JP' covers Japan)."),
        ("language", "A language tag: specialists who speak it (primary tag)."),
        ("available", "true: taking cases now (not marked unavailable, not on time off); false: the others."),
        ("q", "Part of the name or id, any case."),
    ];

    /// <summary>The types an original record is stored as (only these are accepted on upload).</summary>
    private static readonly string[] RecordContentTypes = ["application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain"];

    public static void MapSecondOpinionApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        const string json = "application/json";

        var cases = api.MapGroup("/cases").WithTags("Cases (patient, hospital, ops)");
        cases.MapGet("", Handler(CasesApi.ListMine)).WithName("ListMyCases").WithMetadata(PagedDoc.Instance).Produces<CaseListItem[]>().ProducesValidationProblem();
        cases.MapPost("", Handler(CasesApi.CreateCase)).WithName("CreateCase")
            .WithMetadata(new RequestBodyDoc(typeof(CreateCaseRequest), json)).Produces<CaseView>(201).Produces<CaseView>(200).ProducesValidationProblem().ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);
        cases.MapPost("/{caseId}/documents", (HttpContext h, string caseId) => CasesApi.UploadDocument(h, caseId)).WithName("UploadDocument")
            .WithMetadata(new RequestBodyDoc(null, "multipart/form-data", "application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain", "application/octet-stream"))
            .Produces<CaseDocument>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);
        cases.MapPost("/{caseId}/submit", (HttpContext h, string caseId) => CasesApi.Submit(h, caseId)).WithName("SubmitCase")
            .Produces<CaseView>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        cases.MapGet("/{caseId}", (HttpContext h, string caseId) => CasesApi.GetCase(h, caseId)).WithName("GetCase")
            .Produces<CaseView>().ProducesProblem(404);
        cases.MapGet("/{caseId}/documents/{documentId}", (HttpContext h, string caseId, string documentId) => CasesApi.GetDocument(h, caseId, documentId)).WithName("GetCaseDocument")
            .Produces(200, typeof(Stream), RecordContentTypes[0], RecordContentTypes[1..]).WithMetadata(new BinaryResponseDoc(200, RecordContentTypes)).ProducesValidationProblem().ProducesProblem(404);
        cases.MapGet("/{caseId}/report", (HttpContext h, string caseId) => CasesApi.GetReport(h, caseId)).WithName("GetReport")
            .Produces<CaseReport>(200, json, "text/html", "application/pdf").WithMetadata(new BinaryResponseDoc(200, "application/pdf")).ProducesProblem(404);

        cases.MapPost("/{caseId}/questions", (HttpContext h, string caseId) => FollowUpsApi.Ask(h, caseId)).WithName("AskFollowUp")
            .WithMetadata(new RequestBodyDoc(typeof(FollowUpQuestionRequest), json)).Produces<FollowUpView>(201).Produces<FollowUpView>()
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        cases.MapGet("/{caseId}/questions", (HttpContext h, string caseId) => FollowUpsApi.List(h, caseId)).WithName("ListFollowUps")
            .Produces<FollowUpView[]>().ProducesProblem(404);

        var assignments = api.MapGroup("/assignments").WithTags("Assignments (specialist)");
        assignments.MapGet("", Handler(AssignmentsApi.ListMine)).WithName("ListAssignments").WithMetadata(PagedDoc.Instance).Produces<Assignment[]>().ProducesValidationProblem();
        assignments.MapPost("/{id}/accept", (HttpContext h, string id) => AssignmentsApi.Accept(h, id)).WithName("AcceptAssignment")
            .Produces<Assignment>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        assignments.MapPost("/{id}/decline", (HttpContext h, string id) => AssignmentsApi.Decline(h, id)).WithName("DeclineAssignment")
            .Produces<Assignment>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        assignments.MapGet("/{id}/case", (HttpContext h, string id) => AssignmentsApi.GetCaseMaterials(h, id)).WithName("GetAssignmentCase")
            .Produces<CaseMaterials>().ProducesProblem(404);
        assignments.MapGet("/{id}/documents/{documentId}", (HttpContext h, string id, string documentId) => AssignmentsApi.GetDocument(h, id, documentId)).WithName("GetAssignmentDocument")
            .Produces(200, typeof(Stream), RecordContentTypes[0], RecordContentTypes[1..]).WithMetadata(new BinaryResponseDoc(200, RecordContentTypes)).ProducesProblem(404);
        assignments.MapPost("/{id}/opinion", (HttpContext h, string id) => AssignmentsApi.SubmitOpinion(h, id)).WithName("SubmitOpinion")
            .WithMetadata(new RequestBodyDoc(typeof(OpinionRequest), json)).Produces<Assignment>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(429);

        assignments.MapPost("/{id}/questions/{questionId}/answer", (HttpContext h, string id, string questionId) => FollowUpsApi.Answer(h, id, questionId)).WithName("AnswerFollowUp")
            .WithMetadata(new RequestBodyDoc(typeof(FollowUpAnswerRequest), json)).Produces<FollowUpView>(201).Produces<FollowUpView>()
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);

        var hospital = api.MapGroup("/hospital").WithTags("Hospital drops (hospital)");
        hospital.MapPost("/batches", Handler(HospitalApi.CreateBatch)).WithName("CreateHospitalBatch")
            .WithMetadata(new RequestBodyDoc(typeof(BatchGrantRequest), json)).Produces<BatchGrantResponse>(201).ProducesValidationProblem().ProducesProblem(429);

        var director = api.MapGroup("/director").WithTags("Sign-off (medical director)");
        director.MapGet("/queue", Handler(DirectorApi.Queue)).WithName("DirectorQueue").WithMetadata(PagedDoc.Instance).Produces<SignOffQueueItem[]>().ProducesValidationProblem();
        director.MapGet("/cases/{caseId}", (HttpContext h, string caseId) => DirectorApi.GetCase(h, caseId)).WithName("DirectorCase")
            .Produces<SignOffPacket>().ProducesProblem(404);
        director.MapPost("/cases/{caseId}/signoff", (HttpContext h, string caseId) => DirectorApi.SignOff(h, caseId)).WithName("DirectorSignOff")
            .WithMetadata(new RequestBodyDoc(typeof(SignOffRequest), json)).Produces<SignOffRecord>(201).Produces<SignOffRecord>()
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);

        director.MapPost("/cases/{caseId}/tier", (HttpContext h, string caseId) => DirectorApi.RaiseTier(h, caseId)).WithName("DirectorRaiseTier")
            .WithMetadata(new RequestBodyDoc(typeof(TierRaiseRequest), json)).Produces(200).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);

        var ops = api.MapGroup("/ops").WithTags("Operations (ops, director)");
        ops.MapGet("/cases", Handler(OpsApi.ListCases)).WithName("ListOpsCases").WithMetadata(PagedDoc.Instance).Produces<CaseSummary[]>().ProducesValidationProblem();
        ops.MapGet("/cases/{caseId}/panel", (HttpContext h, string caseId) => OpsApi.GetPanel(h, caseId)).WithName("GetCasePanel")
            .Produces<PanelExplanation>().ProducesProblem(404);
        ops.MapGet("/cases/{caseId}/workflow", (HttpContext h, string caseId) => OpsApi.GetWorkflow(h, caseId)).WithName("GetCaseWorkflow")
            .Produces<WorkflowOverview>().ProducesProblem(404);
        ops.MapPost("/cases/{caseId}/suspend", (HttpContext h, string caseId) => OpsApi.Suspend(h, caseId)).WithName("SuspendCase")
            .WithMetadata(new RequestBodyDoc(typeof(OpsActionRequest), json)).Produces<OpsActionResult>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/cases/{caseId}/resume", (HttpContext h, string caseId) => OpsApi.Resume(h, caseId)).WithName("ResumeCase")
            .WithMetadata(new RequestBodyDoc(typeof(OpsActionRequest), json)).Produces<OpsActionResult>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/cases/{caseId}/cancel", (HttpContext h, string caseId) => OpsApi.Cancel(h, caseId)).WithName("CancelCase")
            .WithMetadata(new RequestBodyDoc(typeof(OpsActionRequest), json)).Produces<OpsActionResult>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/cases/{caseId}/restart", (HttpContext h, string caseId) => OpsApi.Restart(h, caseId)).WithName("RestartCase")
            .WithMetadata(new RequestBodyDoc(typeof(OpsActionRequest), json)).Produces<OpsActionResult>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/cases/{caseId}/seats/{seatId}/reassign", (HttpContext h, string caseId, string seatId) => OpsApi.ReassignSeat(h, caseId, seatId)).WithName("ReassignSeat")
            .WithMetadata(new RequestBodyDoc(typeof(ReassignSeatRequest), json)).Produces<PanelSeat>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/cases/{caseId}/seats", (HttpContext h, string caseId) => OpsApi.AddSeat(h, caseId)).WithName("AddSeat")
            .WithMetadata(new RequestBodyDoc(typeof(AddSeatRequest), json)).Produces<SecondOpinion.Core.Workflow.OpsSeatRequested>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapPost("/assignments/{assignmentId}/withdraw", (HttpContext h, string assignmentId) => OpsApi.WithdrawAssignment(h, assignmentId)).WithName("WithdrawAssignment")
            .WithMetadata(new RequestBodyDoc(typeof(OpsActionRequest), json)).Produces<Assignment>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
        ops.MapGet("/quarantine", Handler(OpsApi.ListQuarantine)).WithName("ListQuarantine").WithMetadata(PagedDoc.Instance).Produces<QuarantinedBatch[]>().ProducesValidationProblem();
        ops.MapGet("/escalations", Handler(OpsApi.ListEscalations)).WithName("ListEscalations").WithMetadata(PagedDoc.Instance).Produces<Escalation[]>().ProducesValidationProblem();
        ops.MapPost("/escalations/{id}/resolve", (HttpContext h, string id) => OpsApi.ResolveEscalation(h, id)).WithName("ResolveEscalation")
            .WithMetadata(new RequestBodyDoc(typeof(ResolveRequest), json)).Produces<Escalation>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);
        ops.MapGet("/specialists", Handler(OpsApi.ListSpecialists)).WithName("ListSpecialists").WithMetadata(PagedDoc.Instance, new QueryDoc(SpecialistFilters))
            .Produces<SpecialistPage>().ProducesValidationProblem();
        ops.MapGet("/specialists/{id}", (HttpContext h, string id) => OpsApi.GetSpecialist(h, id)).WithName("GetSpecialist").Produces<Specialist>().ProducesProblem(404);
        ops.MapPut("/specialists/{id}", (HttpContext h, string id) => OpsApi.PutSpecialist(h, id)).WithName("PutSpecialist")
            .WithMetadata(new RequestBodyDoc(typeof(SpecialistUpsertRequest), json)).Produces<Specialist>(200).Produces<Specialist>(201).ProducesValidationProblem().ProducesProblem(429);
        ops.MapGet("/hospitals", Handler(OpsApi.ListHospitals)).WithName("ListHospitals").Produces<Hospital[]>();
        ops.MapGet("/hospitals/{id}", (HttpContext h, string id) => OpsApi.GetHospital(h, id)).WithName("GetHospital").Produces<Hospital>().ProducesProblem(404);
        ops.MapPut("/hospitals/{id}", (HttpContext h, string id) => OpsApi.PutHospital(h, id)).WithName("PutHospital")
            .WithMetadata(new RequestBodyDoc(typeof(HospitalUpsertRequest), json)).Produces<Hospital>(200).Produces<Hospital>(201).ProducesValidationProblem().ProducesProblem(429);
        ops.MapGet("/audit", Handler(OpsApi.GetAudit)).WithName("GetAuditTrail").Produces<AuditTrailView>().ProducesValidationProblem().ProducesProblem(404);
        ops.MapGet("/notifications", Handler(NotificationsApi.ListForCase)).WithName("ListCaseNotifications").WithMetadata(PagedDoc.Instance)
            .Produces<Notification[]>().ProducesValidationProblem().ProducesProblem(404);

        api.MapGet("/subspecialties", Handler(OpsApi.ListSubspecialties)).WithName("ListSubspecialties").WithTags("Directory (anyone signed in)")
            .Produces<Subspecialty[]>();

        api.MapGet("/notifications", Handler(NotificationsApi.ListMine)).WithName("ListMyNotifications").WithTags("Notifications (anyone signed in)")
            .WithMetadata(PagedDoc.Instance).Produces<InAppNotification[]>().ProducesValidationProblem();

        api.MapGet("/health", Handler(HealthApi.Health)).WithName("Health").WithTags("Health").Produces<HealthReport>();
        api.MapGet("/health/ready", Handler(HealthApi.Ready)).WithName("Ready").WithTags("Health").Produces<ReadinessReport>().Produces<ReadinessReport>(503);

        // The development issuer and its tokens exist only in Development: never a way to mint tokens elsewhere.
        if (app.Environment.IsDevelopment())
        {
            app.MapGet("/.well-known/openid-configuration", (DevelopmentIssuer issuer) => Results.Json(issuer.DiscoveryDocument())).ExcludeFromDescription();
            app.MapGet("/.well-known/jwks.json", (DevelopmentIssuer issuer) => Results.Json(issuer.Jwks())).ExcludeFromDescription();
            DevelopmentSignIn.Map(app);
            api.MapPost("/dev/token", IssueDevToken).WithName("IssueDevToken").WithTags("Development").ProducesValidationProblem().ProducesProblem(404);
        }
    }

    /// <summary>Endpoint methods take only the HttpContext; typed as a route handler so their IResult is executed.</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> endpoint) => endpoint;

    private static async Task<IResult> IssueDevToken(HttpContext http, DevTokenRequest? request, DevelopmentIssuer issuer, AuditLog audit)
    {
        // Only this machine may mint tokens: a loopback listener, a loopback peer and a loopback Host.
        if (!LocalOnly.IsLoopback(http)) return Problems.NotFound("No such route.");
        var sub = request?.Sub?.Trim();
        var errors = DevelopmentSubjects.Check(sub, request?.Role);
        if (errors.Count > 0) return Problems.Invalid(errors);
        var token = issuer.Issue(sub!, request!.Role!);
        await audit.RecordAsync(new Caller(sub!, request.Role!) { SourceAddress = http.Connection.RemoteIpAddress?.ToString() },
            new AuditEvent(AuditActions.TokenIssued, "dev/token"), http.RequestAborted);
        return Results.Json(new DevTokenResponse(token, "Bearer", (int)issuer.TokenLifetime.TotalSeconds));
    }
}
