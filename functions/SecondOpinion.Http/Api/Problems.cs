using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Api;

/// <summary>The one problem-details writer (RFC 7807, <c>application/problem+json</c>).</summary>
public static class Problems
{
    public static IResult Unauthorized(string reason) => new WithHeaders(
        Problem(401, "Unauthorized", reason == "no-token"
            ? "Send a bearer token (Authorization: Bearer …)."
            : $"The bearer token was refused ({reason})."),
        ("WWW-Authenticate", reason == "no-token" ? "Bearer" : "Bearer error=\"invalid_token\""));

    public static IResult Forbidden(string detail) => Problem(403, "Forbidden", detail);

    public static IResult NotFound(string detail) => Problem(404, "Not found", detail);

    public static IResult BadRequest(string detail) => Problem(400, "Bad request", detail);

    public static IResult TooLarge(string detail) => Problem(413, "Payload too large", detail);

    public static IResult UnsupportedMediaType(string detail) => Problem(415, "Unsupported media type", detail);

    public static IResult TooManyRequests(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new WithHeaders(Problem(429, "Too many requests", $"Too many changes from this identity; try again in {seconds} s."), ("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields.", type: "https://httpstatuses.io/400");

    /// <summary>The problem for an HTTP status that a server component (not our code) decided, such as Kestrel's 413.</summary>
    public static IResult ForStatus(int status) => status switch
    {
        413 => TooLarge("The request body is larger than this route accepts."),
        408 => Problem(408, "Request timeout", "The request body arrived too slowly."),
        _ => Problem(status, "Bad request", "The request could not be read."),
    };

    public static IResult From<T>(Outcome<T> outcome, Func<T, bool, IResult> ok) => outcome switch
    {
        Outcome<T>.Ok o => ok(o.Value, o.Created),
        Outcome<T>.Invalid i => Invalid(i.Errors),
        Outcome<T>.NotFound n => NotFound(n.Detail),
        Outcome<T>.Forbidden f => Forbidden(f.Detail),
        Outcome<T>.Conflict c => Problem(409, "Conflict", c.Detail),
        Outcome<T>.Unsupported u => UnsupportedMediaType(u.Detail),
        Outcome<T>.TooLarge t => TooLarge(t.Detail),
        _ => Results.Problem(statusCode: 500, title: "Unexpected outcome"),
    };

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail, type: $"https://httpstatuses.io/{status}");

    private sealed class WithHeaders(IResult inner, params (string Name, string Value)[] headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers) httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
