using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

public static class HealthTrigger
{
    [Function(nameof(Health))]
    public static Task Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, HealthApi.Health);

    [Function(nameof(Ready))]
    public static Task Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, HealthApi.Ready);
}
