using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Auth;

/// <summary>Gives the development issuer's address to token validation on the local host.</summary>
public interface IDevelopmentAuthority
{
    /// <summary>The issuer URL (the local host's own address), known once it listens.</summary>
    string Issuer { get; }
}

/// <summary>
/// ASP.NET Core JwtBearer authentication and the named policies, registered the same way for both
/// hosts. The local host runs it as middleware; the Functions app from a worker middleware.
/// </summary>
public static class BearerAuthentication
{
    private const string FailureKey = "secondopinion.auth-failure";

    public static IServiceCollection AddSecondOpinionAuthentication(this IServiceCollection services, IConfiguration configuration, bool developmentIssuer)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => developmentIssuer || !string.IsNullOrWhiteSpace(o.Authority),
                "Auth:Authority is not set: name the OpenID Connect issuer whose tokens the API accepts (Entra ID: https://login.microsoftonline.com/{tenant}/v2.0). Only the local host in Development may leave it empty (it then trusts its development issuer).")
            .Validate(o => o.Audiences.Any(), "Auth:Audience is empty: name the API's audience (the app registration's client id or App ID URI).")
            .Validate(o => o.ValidAlgorithms.Length > 0 && o.ValidAlgorithms.All(a => a is "ES256" or "ES384" or "RS256" or "RS384" or "RS512" or "PS256"),
                "Auth:ValidAlgorithms may list only asymmetric algorithms (ES256, RS256, …).")
            .Validate(o => o.MaxTokenLifetime > TimeSpan.Zero, "Auth:MaxTokenLifetime must be positive.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IServiceProvider>((jwt, auth, provider) => Configure(jwt, auth.Value, provider));
        services.AddAuthorization(Policies.Add);
        return services;
    }

    // Runs on the first authenticated request, so the local host's own address is known by then.
    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, IServiceProvider provider)
    {
        var authority = (string.IsNullOrWhiteSpace(auth.Authority) ? provider.GetService<IDevelopmentAuthority>()?.Issuer : auth.Authority)?.TrimEnd('/')
            ?? throw new InvalidOperationException("Auth:Authority is not set and no development issuer runs.");
        var clock = provider.GetService<TimeProvider>() ?? TimeProvider.System;
        jwt.Authority = authority;
        jwt.MetadataAddress = $"{authority}/.well-known/openid-configuration";
        // Plain HTTP metadata only from this machine (the development issuer); anything else must be HTTPS.
        jwt.RequireHttpsMetadata = !(Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback);
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        jwt.TimeProvider = clock;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = string.IsNullOrWhiteSpace(auth.Issuer) ? authority : auth.Issuer.TrimEnd('/'),
            ValidAudiences = auth.Audiences.ToArray(),
            ValidAlgorithms = auth.ValidAlgorithms,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = auth.ClockSkew,
            NameClaimType = auth.SubjectClaim,
            RoleClaimType = auth.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                context.HttpContext.Items[FailureKey] = Describe(context.Exception);
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                var problem = CheckClaims(context.Principal, context.SecurityToken as JsonWebToken, auth);
                if (problem is not null)
                {
                    context.HttpContext.Items[FailureKey] = problem;
                    context.Fail(problem);
                }
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Subject present, exactly one known role, and a lifetime within the cap.</summary>
    private static string? CheckClaims(ClaimsPrincipal? principal, JsonWebToken? token, AuthOptions auth)
    {
        var subject = principal?.FindFirst(auth.SubjectClaim)?.Value;
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 128) return "subject-missing";
        var roles = principal!.FindAll(auth.RoleClaim).Select(c => c.Value).ToList();
        if (roles.Count != 1 || !Roles.IsKnown(roles[0])) return "role-not-recognised";
        if (token is null || !token.TryGetPayloadValue<long>("iat", out _)) return "issued-at-missing";
        if (token.ValidTo - token.IssuedAt > auth.MaxTokenLifetime) return "lifetime-over-cap";
        return null;
    }

    private static string Describe(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "token-expired",
        SecurityTokenNotYetValidException => "token-not-yet-valid",
        SecurityTokenInvalidIssuerException => "wrong-issuer",
        SecurityTokenInvalidAudienceException => "wrong-audience",
        SecurityTokenInvalidAlgorithmException => "algorithm-not-allowed",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "invalid-signature",
        SecurityTokenNoExpirationException => "expiry-missing",
        SecurityTokenMalformedException or ArgumentException => "malformed-token",
        InvalidOperationException or HttpRequestException => "issuer-metadata-unavailable",
        _ => "invalid-token",
    };

    /// <summary>
    /// Authenticates the request with the JwtBearer scheme and sets <see cref="HttpContext.User"/>.
    /// The Functions app calls this from its worker middleware (its requests do not pass through
    /// ASP.NET Core's authentication middleware).
    /// </summary>
    public static async Task AuthenticateAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (result.Succeeded) http.User = result.Principal;
    }

    /// <summary>Why the presented token was refused, or null when none was presented.</summary>
    public static string? FailureReason(HttpContext http)
    {
        if (http.Items.TryGetValue(FailureKey, out var reason) && reason is string text) return text;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return null;
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "invalid-token" : "not-a-bearer-token";
    }

    /// <summary>The caller behind an authenticated principal.</summary>
    public static Caller CallerOf(HttpContext http, AuthOptions auth)
    {
        var user = http.User;
        return new Caller(user.FindFirst(auth.SubjectClaim)!.Value, user.FindFirst(auth.RoleClaim)!.Value)
        {
            SourceAddress = http.Connection.RemoteIpAddress?.ToString(),
        };
    }
}
