using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Medical director routes under <c>/api/director</c>.</summary>
public static class DirectorHttpTriggers
{
    [Function(nameof(DirectorQueue))]
    public static Task DirectorQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "director/queue")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, DirectorApi.Queue);

    [Function(nameof(DirectorCase))]
    public static Task DirectorCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "director/cases/{caseId}")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => DirectorApi.GetCase(http, caseId));

    [Function(nameof(DirectorSignOff))]
    public static Task DirectorSignOff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "director/cases/{caseId}/signoff")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => DirectorApi.SignOff(http, caseId));

    [Function(nameof(DirectorRaiseTier))]
    public static Task DirectorRaiseTier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "director/cases/{caseId}/tier")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => DirectorApi.RaiseTier(http, caseId));
}
