using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Hospital routes under <c>/api/hospital</c>.</summary>
public static class HospitalHttpTriggers
{
    [Function(nameof(CreateHospitalBatch))]
    public static Task CreateHospitalBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "hospital/batches")] HttpRequest req,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, HospitalApi.CreateBatch);
}
