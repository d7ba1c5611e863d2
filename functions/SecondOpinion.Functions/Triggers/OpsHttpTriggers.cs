using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Ops routes under <c>/api/ops</c>.</summary>
public static class OpsHttpTriggers
{
    [Function(nameof(ListOpsCases))]
    public static Task ListOpsCases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/cases")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListCases);

    [Function(nameof(GetCasePanel))]
    public static Task GetCasePanel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/cases/{caseId}/panel")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.GetPanel(http, caseId));

    [Function(nameof(GetCaseWorkflow))]
    public static Task GetCaseWorkflow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/cases/{caseId}/workflow")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.GetWorkflow(http, caseId));

    [Function(nameof(SuspendCase))]
    public static Task SuspendCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/suspend")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.Suspend(http, caseId));

    [Function(nameof(ResumeCase))]
    public static Task ResumeCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/resume")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.Resume(http, caseId));

    [Function(nameof(CancelCase))]
    public static Task CancelCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/cancel")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.Cancel(http, caseId));

    [Function(nameof(RestartCase))]
    public static Task RestartCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/restart")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.Restart(http, caseId));

    [Function(nameof(ReassignSeat))]
    public static Task ReassignSeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/seats/{seatId}/reassign")] HttpRequest req, string caseId, string seatId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.ReassignSeat(http, caseId, seatId));

    [Function(nameof(AddSeat))]
    public static Task AddSeat(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/cases/{caseId}/seats")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.AddSeat(http, caseId));

    [Function(nameof(WithdrawAssignment))]
    public static Task WithdrawAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/assignments/{assignmentId}/withdraw")] HttpRequest req, string assignmentId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.WithdrawAssignment(http, assignmentId));

    [Function(nameof(ListQuarantine))]
    public static Task ListQuarantine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/quarantine")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListQuarantine);

    [Function(nameof(ListEscalations))]
    public static Task ListEscalations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/escalations")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListEscalations);

    [Function(nameof(ResolveEscalation))]
    public static Task ResolveEscalation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/escalations/{id}/resolve")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.ResolveEscalation(http, id));

    [Function(nameof(PutSpecialist))]
    public static Task PutSpecialist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "ops/specialists/{id}")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.PutSpecialist(http, id));

    [Function(nameof(ListSpecialists))]
    public static Task ListSpecialists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/specialists")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListSpecialists);

    [Function(nameof(ListSubspecialties))]
    public static Task ListSubspecialties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "subspecialties")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListSubspecialties);

    [Function(nameof(GetSpecialist))]
    public static Task GetSpecialist(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/specialists/{id}")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.GetSpecialist(http, id));

    [Function(nameof(ListHospitals))]
    public static Task ListHospitals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/hospitals")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.ListHospitals);

    [Function(nameof(GetHospital))]
    public static Task GetHospital(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/hospitals/{id}")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.GetHospital(http, id));

    [Function(nameof(PutHospital))]
    public static Task PutHospital(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "ops/hospitals/{id}")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => OpsApi.PutHospital(http, id));

    [Function(nameof(GetAuditTrail))]
    public static Task GetAuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/audit")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, OpsApi.GetAudit);

    [Function(nameof(ListCaseNotifications))]
    public static Task ListCaseNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/notifications")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, NotificationsApi.ListForCase);
}
