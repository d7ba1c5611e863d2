using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Api;

/// <summary>The one problem-details writer (RFC 7807, <c>application/problem+json</c>).</summary>
public static class Problems
{
    public static IResult Unauthorized() =>
        Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Send a bearer token (Authorization: Bearer …).", type: "https://httpstatuses.io/401");

    public static IResult Forbidden(string detail) => Results.Problem(statusCode: 403, title: "Forbidden", detail: detail, type: "https://httpstatuses.io/403");

    public static IResult NotFound(string detail) => Results.Problem(statusCode: 404, title: "Not found", detail: detail, type: "https://httpstatuses.io/404");

    public static IResult BadRequest(string detail) => Results.Problem(statusCode: 400, title: "Bad request", detail: detail, type: "https://httpstatuses.io/400");

    public static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields.", type: "https://httpstatuses.io/400");

    public static IResult From<T>(Outcome<T> outcome, Func<T, bool, IResult> ok) => outcome switch
    {
        Outcome<T>.Ok o => ok(o.Value, o.Created),
        Outcome<T>.Invalid i => Invalid(i.Errors),
        Outcome<T>.NotFound n => NotFound(n.Detail),
        Outcome<T>.Forbidden f => Forbidden(f.Detail),
        Outcome<T>.Conflict c => Results.Problem(statusCode: 409, title: "Conflict", detail: c.Detail, type: "https://httpstatuses.io/409"),
        Outcome<T>.Unsupported u => Results.Problem(statusCode: 415, title: "Unsupported media type", detail: u.Detail, type: "https://httpstatuses.io/415"),
        Outcome<T>.TooLarge t => Results.Problem(statusCode: 413, title: "Payload too large", detail: t.Detail, type: "https://httpstatuses.io/413"),
        _ => Results.Problem(statusCode: 500, title: "Unexpected outcome"),
    };
}
