using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

/// <summary>Shared edge plumbing for endpoint methods: who is calling, and reading JSON bodies.</summary>
internal static class Endpoint
{
    public static T Service<T>(this HttpContext http) where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>Runs <paramref name="handler"/> for an authenticated caller in one of <paramref name="roles"/>.</summary>
    public static async Task<IResult> ForRoles(HttpContext http, string[] roles, Func<Caller, Task<IResult>> handler)
    {
        var caller = await http.Service<TokenService>().AuthenticateAsync(http.Request);
        if (caller is null) return Problems.Unauthorized();
        if (!roles.Contains(caller.Role)) return Problems.Forbidden($"This route is for: {string.Join(", ", roles)}.");
        return await handler(caller);
    }

    /// <summary>Reads a JSON body; a malformed one becomes a 400 problem, not an exception.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http) where T : class
    {
        if (http.Request.ContentLength == 0) return (null, null);
        if (!(http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
            return (null, Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send application/json.", type: "https://httpstatuses.io/415"));
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(http.Request.Body, SecondOpinionJson.Options, http.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Problems.Invalid(new Dictionary<string, string[]> { [field] = [$"Malformed JSON{(ex.LineNumber is { } l ? $" at line {l + 1}" : "")}."] }));
        }
    }

    public static IResult Json<T>(T value, int status = 200, string? location = null) =>
        new JsonBodyResult<T>(value, status, location);

    private sealed class JsonBodyResult<T>(T value, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (location is not null) httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, value, SecondOpinionJson.Options, httpContext.RequestAborted);
        }
    }
}
