using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Http.Composition;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Runs one shared endpoint method (SecondOpinion.Http.Api) inside a Functions HTTP invocation.</summary>
internal static class FunctionHttp
{
    public static async Task RunAsync(HttpRequest req, DurableTaskClient client, FunctionContext context, Func<HttpContext, Task<IResult>> endpoint)
    {
        // The endpoint methods resolve services from HttpContext.RequestServices: point it at this
        // invocation's scope so scoped services (and the durable client slot) are per invocation.
        req.HttpContext.RequestServices = context.InstanceServices;
        context.InstanceServices.GetRequiredService<DurableClientSlot>().Client = client;
        var result = await endpoint(req.HttpContext);
        await result.ExecuteAsync(req.HttpContext);
    }
}
