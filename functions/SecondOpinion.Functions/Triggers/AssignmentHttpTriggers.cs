using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Specialist routes under <c>/api/assignments</c>.</summary>
public static class AssignmentHttpTriggers
{
    [Function(nameof(ListAssignments))]
    public static Task ListAssignments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, AssignmentsApi.ListMine);

    [Function(nameof(AcceptAssignment))]
    public static Task AcceptAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/accept")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => AssignmentsApi.Accept(http, id));

    [Function(nameof(DeclineAssignment))]
    public static Task DeclineAssignment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/decline")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => AssignmentsApi.Decline(http, id));

    [Function(nameof(GetAssignmentCase))]
    public static Task GetAssignmentCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}/case")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => AssignmentsApi.GetCaseMaterials(http, id));

    [Function(nameof(GetAssignmentDocument))]
    public static Task GetAssignmentDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assignments/{id}/documents/{documentId}")] HttpRequest req, string id, string documentId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => AssignmentsApi.GetDocument(http, id, documentId));

    [Function(nameof(SubmitOpinion))]
    public static Task SubmitOpinion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/opinion")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => AssignmentsApi.SubmitOpinion(http, id));
}
