namespace SecondOpinion.Http.Auth;

/// <summary>
/// Bearer-token validation (section <c>Auth</c>). Tokens are checked against an OpenID Connect
/// authority's metadata and keys: Entra ID in Azure, the local host's development issuer locally.
/// Nothing here is a secret.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The OpenID Connect issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>. Its
    /// <c>/.well-known/openid-configuration</c> gives the signing keys. Left empty only on the local
    /// host in Development, which then trusts its own development issuer.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The issuer tokens must name; defaults to <see cref="Authority"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>Accepted audiences, comma-separated (Entra v2 tokens carry the client id, v1 the App ID URI).</summary>
    public string Audience { get; set; } = "secondopinion-api";

    /// <summary>The claim that names the caller: <c>sub</c> locally, <c>oid</c> with Entra ID.</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>The claim with the caller's role (Entra ID app roles arrive as <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Tokens that claim to live longer than this (exp − iat) are refused.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Asymmetric algorithms only: HS256 (and so a token "signed" with a public key) and <c>none</c> are refused.</summary>
    public string[] ValidAlgorithms { get; set; } = ["ES256", "RS256"];

    public IEnumerable<string> Audiences => Audience.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
