using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Case routes under <c>/api/cases</c> (patient, referring hospital, ops).</summary>
public static class CaseHttpTriggers
{
    [Function(nameof(CreateCase))]
    public static Task CreateCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, CasesApi.CreateCase);

    [Function(nameof(ListMyCases))]
    public static Task ListMyCases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, CasesApi.ListMine);

    [Function(nameof(UploadDocument))]
    public static Task UploadDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/documents")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => CasesApi.UploadDocument(http, caseId));

    [Function(nameof(SubmitCase))]
    public static Task SubmitCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/submit")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => CasesApi.Submit(http, caseId));

    [Function(nameof(GetCase))]
    public static Task GetCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => CasesApi.GetCase(http, caseId));

    [Function(nameof(GetCaseDocument))]
    public static Task GetCaseDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}")] HttpRequest req, string caseId, string documentId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => CasesApi.GetDocument(http, caseId, documentId));

    [Function(nameof(GetReport))]
    public static Task GetReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/report")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => CasesApi.GetReport(http, caseId));
}
