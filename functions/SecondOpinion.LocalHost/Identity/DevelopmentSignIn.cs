using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;

namespace SecondOpinion.LocalHost.Identity;

/// <summary>
/// The development issuer's sign-in for the portal: OpenID Connect authorization code with PKCE (S256
/// only), the flow a browser app uses with Entra ID, so the portal runs the same code locally and in
/// Azure. The sign-in page lets a developer pick a role and a subject; it exists only in Development,
/// only on loopback, and says so on the page. Codes live in memory for a minute and are single-use.
/// </summary>
public sealed class DevelopmentSignIn(DevelopmentIssuer issuer, AuditLog audit, TimeProvider clock)
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string UserInfoPath = "/connect/userinfo";
    public const string EndSessionPath = "/connect/endsession";
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in lengths a developer may pick; the short ones are for trying what an expired sign-in does.</summary>
    public static readonly IReadOnlyList<(int Seconds, string Label)> Lifetimes = [(3600, "1 hour"), (300, "5 minutes"), (20, "20 seconds")];

    private sealed record PendingCode(string ClientId, string RedirectUri, string Challenge, string Subject, string Role, string? Nonce, string Scope,
        TimeSpan Lifetime, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, PendingCode> codes = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler handler = new();

    public static void Map(WebApplication app)
    {
        app.MapGet(AuthorizePath, (HttpContext h, DevelopmentSignIn s) => s.Authorize(h)).ExcludeFromDescription();
        app.MapPost(AuthorizePath, (HttpContext h, DevelopmentSignIn s) => s.SignInAsync(h)).ExcludeFromDescription().DisableAntiforgery();
        app.MapPost(TokenPath, (HttpContext h, DevelopmentSignIn s) => s.TokenAsync(h)).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet(UserInfoPath, (HttpContext h, DevelopmentSignIn s) => s.UserInfo(h)).ExcludeFromDescription();
        app.MapGet(EndSessionPath, (HttpContext h, DevelopmentSignIn s) => s.EndSession(h)).ExcludeFromDescription();
    }

    private sealed record AuthorizeRequest(string ClientId, string RedirectUri, string State, string Challenge, string? Nonce, string Scope, string? Prompt);

    /// <summary>The request's OIDC parameters, or why it cannot be answered by redirect (then the page says so).</summary>
    private (AuthorizeRequest? Request, string? Error) Read(IFormCollection? form, IQueryCollection query)
    {
        string? Get(string name) => (form is not null ? form[name].FirstOrDefault() : null) ?? query[name].FirstOrDefault();
        var redirect = Get("redirect_uri");
        if (redirect is null || !IsOwnAddress(redirect)) return (null, "redirect_uri must be an address of this host (the portal it serves).");
        if (string.IsNullOrWhiteSpace(Get("client_id"))) return (null, "client_id is required.");
        if (Get("response_type") is not "code") return (null, "Only response_type=code (authorization code with PKCE) is supported.");
        if (Get("code_challenge_method") is not "S256" || Get("code_challenge") is not { Length: >= 43 and <= 128 } challenge)
            return (null, "PKCE is required: code_challenge with code_challenge_method=S256.");
        return (new AuthorizeRequest(Get("client_id")!, redirect, Get("state") ?? "", challenge, Get("nonce"), Get("scope") ?? "openid", Get("prompt")), null);
    }

    private bool IsOwnAddress(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && Uri.TryCreate(issuer.Issuer, UriKind.Absolute, out var own)
        && u.Scheme == own.Scheme && u.Authority == own.Authority;

    private IResult Authorize(HttpContext http)
    {
        if (!LocalOnly.IsLoopback(http)) return Results.NotFound();
        var (request, error) = Read(null, http.Request.Query);
        if (request is null) return Page(error!, null, null, 400);
        // No session is kept here, so a silent sign-in (prompt=none) always needs the person.
        if (request.Prompt == "none") return Results.Redirect(WithQuery(request.RedirectUri, ("error", "login_required"), ("state", request.State)));
        return Page(null, request, null, 200);
    }

    private async Task<IResult> SignInAsync(HttpContext http)
    {
        if (!LocalOnly.IsLoopback(http)) return Results.NotFound();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var (request, error) = Read(form, new QueryCollection());
        if (request is null) return Page(error!, null, null, 400);
        var role = form["role"].FirstOrDefault();
        var subject = form["sub"].FirstOrDefault()?.Trim();
        var errors = DevelopmentSubjects.Check(subject, role);
        if (errors.Count > 0) return Page(null, request, errors, 400, subject, role);
        var lifetime = int.TryParse(form["lifetime"].FirstOrDefault(), out var seconds) && Lifetimes.Any(l => l.Seconds == seconds)
            ? TimeSpan.FromSeconds(seconds) : issuer.TokenLifetime;
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        codes[code] = new PendingCode(request.ClientId, request.RedirectUri, request.Challenge, subject!, role!, request.Nonce, request.Scope, lifetime, clock.GetUtcNow() + CodeLifetime);
        await audit.RecordAsync(new Caller(subject!, role!) { SourceAddress = http.Connection.RemoteIpAddress?.ToString() },
            new AuditEvent(AuditActions.TokenIssued, "connect/authorize"), http.RequestAborted);
        return Results.Redirect(WithQuery(request.RedirectUri, ("code", code), ("state", request.State)));
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        if (!LocalOnly.IsLoopback(http)) return Results.NotFound();
        if (!http.Request.HasFormContentType) return TokenError("invalid_request", "Send application/x-www-form-urlencoded.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["grant_type"].FirstOrDefault() != "authorization_code") return TokenError("unsupported_grant_type", "Only authorization_code.");
        var code = form["code"].FirstOrDefault();
        if (code is null || !codes.TryRemove(code, out var pending) || pending.ExpiresAt < clock.GetUtcNow())
            return TokenError("invalid_grant", "The code is unknown, used or expired.");
        if (form["client_id"].FirstOrDefault() != pending.ClientId || form["redirect_uri"].FirstOrDefault() != pending.RedirectUri)
            return TokenError("invalid_grant", "client_id or redirect_uri differ from the authorization request.");
        var verifier = form["code_verifier"].FirstOrDefault();
        if (verifier is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))), Encoding.ASCII.GetBytes(pending.Challenge)))
            return TokenError("invalid_grant", "The code_verifier does not match the code_challenge.");

        var now = clock.GetUtcNow().UtcDateTime;
        var idToken = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = pending.ClientId,
            Claims = IdentityClaims(pending.Subject, pending.Role, pending.Nonce),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(pending.Lifetime),
            SigningCredentials = new SigningCredentials(issuer.SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = issuer.Issue(pending.Subject, pending.Role, pending.Lifetime),
            ["id_token"] = idToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)pending.Lifetime.TotalSeconds,
            ["scope"] = pending.Scope,
        });
    }

    private static Dictionary<string, object> IdentityClaims(string subject, string role, string? nonce)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["name"] = subject, ["roles"] = new[] { role } };
        if (nonce is not null) claims["nonce"] = nonce;
        return claims;
    }

    private async Task<IResult> UserInfo(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Results.Unauthorized();
        var result = await handler.ValidateTokenAsync(header["Bearer ".Length..], new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer, ValidateAudience = false, IssuerSigningKey = issuer.SigningKey, ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        if (!result.IsValid) return Results.Unauthorized();
        var subject = result.Claims["sub"].ToString()!;
        var roles = result.Claims.TryGetValue("roles", out var r) ? r : Array.Empty<string>();
        return Results.Json(new Dictionary<string, object> { ["sub"] = subject, ["name"] = subject, ["roles"] = roles });
    }

    private IResult EndSession(HttpContext http)
    {
        var back = http.Request.Query["post_logout_redirect_uri"].FirstOrDefault();
        var state = http.Request.Query["state"].FirstOrDefault();
        if (back is not null && IsOwnAddress(back)) return Results.Redirect(state is null ? back : WithQuery(back, ("state", state)));
        return Results.Content("<!doctype html><html lang=\"en\"><title>Signed out</title><main><h1>Signed out</h1></main></html>", "text/html");
    }

    private static IResult TokenError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: 400);

    private static string WithQuery(string uri, params (string Name, string Value)[] parameters)
    {
        var separator = uri.Contains('?') ? '&' : '?';
        return uri + separator + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
    }

    private static IResult Page(string? fatal, AuthorizeRequest? request, IDictionary<string, string[]>? errors, int status, string? subject = null, string? role = null) =>
        Results.Content(DevelopmentSignInPage.Render(fatal, request is null ? null : new Dictionary<string, string>
        {
            ["client_id"] = request.ClientId, ["redirect_uri"] = request.RedirectUri, ["state"] = request.State,
            ["code_challenge"] = request.Challenge, ["code_challenge_method"] = "S256", ["response_type"] = "code",
            ["scope"] = request.Scope, ["nonce"] = request.Nonce ?? "",
        }, errors, subject, role, Lifetimes), "text/html; charset=utf-8", Encoding.UTF8, status);
}

/// <summary>Who a developer may sign in as: the same rules for the portal's sign-in page and for <c>POST /api/dev/token</c>.</summary>
public static class DevelopmentSubjects
{
    /// <summary>Subjects that name nobody (role names are refused too): an ops or director token must say which person it is.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "administrator", "root", "system", "anonymous", "user", "test", "operator", "staff",
    };

    public static Dictionary<string, string[]> Check(string? sub, string? role)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(sub) || sub.Length > 128 || sub.Any(char.IsControl)) errors["sub"] = ["Required, at most 128 characters."];
        if (!Roles.IsKnown(role)) errors["role"] = [$"Must be one of: {string.Join(", ", Roles.Known)}."];
        else if (role is Roles.Ops or Roles.Director && sub is not null && (Anonymous.Contains(sub) || Roles.IsKnown(sub.ToLowerInvariant())))
            errors["sub"] = [$"Say which {role} person you are (for example '{role}-alice'): every operations action is audited by name."];
        return errors;
    }
}

/// <summary>Requests only this machine may make: a loopback listener, a loopback peer and a loopback Host.</summary>
public static class LocalOnly
{
    public static bool IsLoopback(HttpContext http)
    {
        var connection = http.Connection;
        if (connection.LocalIpAddress is not { } local || !IPAddress.IsLoopback(local)) return false;
        if (connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote)) return false;
        var host = http.Request.Host.Host;
        return host is "localhost" or "127.0.0.1" or "[::1]" or "::1";
    }
}
