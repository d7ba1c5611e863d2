using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Auth;

public sealed record AuthOptions
{
    public string Issuer { get; init; } = "secondopinion-local";
    public string Audience { get; init; } = "secondopinion-api";
    /// <summary>HMAC key (at least 32 bytes). In Azure it comes from Key Vault through app settings.</summary>
    public string SigningKey { get; init; } = "";
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(8);
}

/// <summary>
/// Bearer tokens with a subject and one role. Validation is explicit per request (not middleware)
/// so the Functions app and the local host check callers with the same code.
/// </summary>
public sealed class TokenService
{
    private readonly AuthOptions options;
    private readonly SymmetricSecurityKey key;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public TokenService(AuthOptions options)
    {
        // An App Service Key Vault reference that failed to resolve stays as its literal text, which
        // is long enough to pass the length check and readable by anyone who can read app settings.
        if (options.SigningKey.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Auth:SigningKey is an unresolved Key Vault reference; refusing to sign or validate tokens with it.");
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        this.options = options;
        key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
    }

    public string Issue(string subject, string role, DateTimeOffset now) => handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = options.Issuer,
        Audience = options.Audience,
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
        IssuedAt = now.UtcDateTime,
        NotBefore = now.UtcDateTime.AddMinutes(-1),
        Expires = now.Add(options.TokenLifetime).UtcDateTime,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    public async Task<Caller?> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var result = await handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = key,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        if (!result.IsValid) return null;
        var subject = result.Claims.TryGetValue("sub", out var s) ? s as string : null;
        var role = result.Claims.TryGetValue("role", out var r) ? r as string : null;
        return subject is null || role is null || !Roles.Issuable.Contains(role) ? null : new Caller(subject, role);
    }
}
