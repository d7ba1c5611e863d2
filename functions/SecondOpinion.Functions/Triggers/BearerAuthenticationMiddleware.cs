using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Functions.Triggers;

/// <summary>
/// The Functions app's authentication middleware: HTTP invocations do not pass through ASP.NET
/// Core's middleware, so this runs the same JwtBearer scheme (against Entra ID's metadata) before
/// every HTTP trigger and sets <c>HttpContext.User</c>. The shared endpoint code then authorizes
/// with the same named policies as on the local host.
/// </summary>
internal sealed class BearerAuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            // Endpoint methods resolve services from HttpContext.RequestServices: this invocation's scope.
            http.RequestServices = context.InstanceServices;
            await BearerAuthentication.AuthenticateAsync(http);
        }
        await next(context);
    }
}
