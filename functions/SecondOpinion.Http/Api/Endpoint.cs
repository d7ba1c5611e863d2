using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

public static class ApiHeaders
{
    /// <summary>Carries the next page's token on paged listings (pass it back as <c>?continuationToken=</c>).</summary>
    public const string Continuation = "X-Continuation-Token";
}

/// <summary>Whether a route changes state (write routes are rate-limited per identity).</summary>
public enum Access { Read, Write }

/// <summary>Shared edge plumbing for endpoint methods: who is calling, may they, and reading JSON bodies.</summary>
internal static class Endpoint
{
    /// <summary>JSON bodies are small: forms and opinions. Uploads stream and have their own limit.</summary>
    public const long MaxJsonBytes = 256 * 1024;

    public static T Service<T>(this HttpContext http) where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>
    /// Runs <paramref name="handler"/> for a caller that the authentication middleware authenticated
    /// and that <paramref name="policy"/> admits. Every refusal is audited.
    /// </summary>
    public static async Task<IResult> Authorized(HttpContext http, string policy, Func<Caller, Task<IResult>> handler, Access access = Access.Read)
    {
        var resource = $"{http.Request.Method} {http.Request.Path.Value}";
        var audit = http.Service<AuditLog>();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var reason = BearerAuthentication.FailureReason(http) ?? "no-token";
            await audit.RecordAsync(Caller.Anonymous(http.Connection.RemoteIpAddress?.ToString()),
                new AuditEvent(AuditActions.AccessRefused, resource, AuditOutcome.Unauthenticated, Detail: reason), http.RequestAborted);
            return Problems.Unauthorized(reason);
        }
        var caller = BearerAuthentication.CallerOf(http, http.Service<IOptions<AuthOptions>>().Value);
        var decision = await http.Service<IAuthorizationService>().AuthorizeAsync(http.User, policy);
        if (!decision.Succeeded)
        {
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.AccessRefused, resource, AuditOutcome.Forbidden, Detail: $"route is for {Policies.Describe(policy)}"), http.RequestAborted);
            return Problems.Forbidden($"This route is for: {Policies.Describe(policy)}.");
        }
        if (access == Access.Write && http.Service<WriteRateLimiter>().TryAcquire($"{caller.Role}:{caller.Subject}") is { } retryAfter)
        {
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.AccessRefused, resource, AuditOutcome.RateLimited), http.RequestAborted);
            return Problems.TooManyRequests(retryAfter);
        }
        try
        {
            return await handler(caller);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["continuationToken"] = [ex.Message] });
        }
    }

    /// <summary><c>?pageSize=&amp;continuationToken=</c> as sent; a problem when they are not usable.</summary>
    public static (PageRequest? Page, IResult? Problem) ReadPage(HttpContext http)
    {
        var page = PageRequest.TryParse(http.Request.Query["pageSize"].FirstOrDefault(), http.Request.Query["continuationToken"].FirstOrDefault(), out var errors);
        return page is not null ? (page, null) : (null, Problems.Invalid(errors!));
    }

    /// <summary>A page as a JSON array; the next page's token, if any, in <see cref="ApiHeaders.Continuation"/>.</summary>
    public static IResult Paged<T>(Page<T> page) => WithContinuation(Json(page.Items), page.ContinuationToken);

    /// <summary><paramref name="body"/>, with the next page's token, if any, in <see cref="ApiHeaders.Continuation"/>.</summary>
    public static IResult WithContinuation(IResult body, string? continuationToken) =>
        continuationToken is null ? body : new WithHeader(body, ApiHeaders.Continuation, continuationToken);

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Reads a JSON body; a malformed or oversized one becomes a problem, not an exception.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext http) where T : class
    {
        if (http.Request.ContentLength == 0) return (null, null);
        if (!(http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
            return (null, Problems.UnsupportedMediaType("Send application/json."));
        if (http.Request.ContentLength > MaxJsonBytes) return (null, Problems.TooLarge($"JSON bodies are limited to {MaxJsonBytes / 1024} KiB."));
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxJsonBytes) return (null, Problems.TooLarge($"JSON bodies are limited to {MaxJsonBytes / 1024} KiB."));
                buffer.Write(chunk, 0, read);
            }
            if (buffer.Length == 0) return (null, null);
            buffer.Position = 0;
            return (await JsonSerializer.DeserializeAsync<T>(buffer, SecondOpinionJson.Options, http.RequestAborted), null);
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
