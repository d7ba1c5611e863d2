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
}
