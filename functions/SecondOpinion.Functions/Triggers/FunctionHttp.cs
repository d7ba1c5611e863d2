using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecondOpinion.Http.Api;
using SecondOpinion.Hosting.Durable;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Runs one shared endpoint method (SecondOpinion.Http.Api) inside a Functions HTTP invocation.</summary>
internal static class FunctionHttp
{
    public static async Task RunAsync(HttpRequest req, DurableTaskClient client, FunctionContext context, Func<HttpContext, Task<IResult>> endpoint)
    {
        // The bearer token was already authenticated by BearerAuthenticationMiddleware.
        context.InstanceServices.GetRequiredService<DurableClientSlot>().Client = client;
        IResult result;
        try
        {
            result = await endpoint(req.HttpContext);
        }
        catch (BadHttpRequestException bad) when (!req.HttpContext.Response.HasStarted)
        {
            result = Problems.ForStatus(bad.StatusCode);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !req.HttpContext.Response.HasStarted)
        {
            // As on the local host: a problem+json 500 without internals, and only the exception's
            // type in the logs (its message can quote request or record content).
            context.GetLogger(context.FunctionDefinition.Name).LogError("Unhandled {ErrorType} in {Function}", ex.GetType().Name, context.FunctionDefinition.Name);
            result = Results.Problem(statusCode: 500, title: "An error occurred while processing your request.", type: "https://httpstatuses.io/500");
        }
        await result.ExecuteAsync(req.HttpContext);
    }
}
