using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecondOpinion.Http.Auth;
using SecondOpinion.LocalHost.Hosting;

namespace SecondOpinion.LocalHost.Identity;

/// <summary>Section <c>Auth:Development</c> of the local host's development issuer.</summary>
public sealed class DevelopmentIssuerOptions
{
    /// <summary>Where the ES256 signing key lives (PKCS#8 PEM, mode 600). Default: next to the SQLite store.</summary>
    public string? KeyPath { get; set; }
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The local host's OpenID Connect issuer, for Development only: an ES256 key generated on first run
/// under the data folder (never committed), published as JWKS next to the discovery document, so
/// the API validates local tokens exactly as it validates Entra ID tokens — through metadata.
/// </summary>
public sealed class DevelopmentIssuer : IDevelopmentAuthority
{
    private readonly IServer server;
    private readonly AuthOptions auth;
    private readonly DevelopmentIssuerOptions options;
    private readonly TimeProvider clock;
    private readonly JsonWebTokenHandler handler = new();

    public DevelopmentIssuer(IServer server, IOptions<AuthOptions> auth, IOptions<DevelopmentIssuerOptions> options, IConfiguration configuration, TimeProvider clock)
    {
        this.server = server;
        this.auth = auth.Value;
        this.options = options.Value;
        this.clock = clock;
        var path = this.options.KeyPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configuration["State:SqlitePath"] ?? Path.Combine(".data", "secondopinion.db")))!, "dev-issuer-es256.pem");
        SigningKey = LoadOrCreateKey(path);
    }

    public ECDsaSecurityKey SigningKey { get; }

    public TimeSpan TokenLifetime => options.TokenLifetime;

    /// <summary>The host's own address: the issuer and the authority its tokens are checked against.</summary>
    public string Issuer => ListeningAddress.Of(server).ToString().TrimEnd('/');

    public string Issue(string subject, string role, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = auth.Audiences.First(),
            Claims = new Dictionary<string, object> { [auth.SubjectClaim] = subject, [auth.RoleClaim] = new[] { role } },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime ?? options.TokenLifetime),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public object DiscoveryDocument() => new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = $"{Issuer}/.well-known/jwks.json",
        ["authorization_endpoint"] = $"{Issuer}{DevelopmentSignIn.AuthorizePath}",
        ["token_endpoint"] = $"{Issuer}{DevelopmentSignIn.TokenPath}",
        ["userinfo_endpoint"] = $"{Issuer}{DevelopmentSignIn.UserInfoPath}",
        ["end_session_endpoint"] = $"{Issuer}{DevelopmentSignIn.EndSessionPath}",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "none" },
        ["scopes_supported"] = new[] { "openid", "profile" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.EcdsaSha256 },
        ["claims_supported"] = new[] { "sub", "name", "roles", "nonce", "iss", "aud", "exp", "iat", "nbf" },
    };

    public object Jwks()
    {
        var parameters = SigningKey.ECDsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = SecurityAlgorithms.EcdsaSha256, ["kid"] = SigningKey.KeyId,
                    ["x"] = Base64UrlEncoder.Encode(parameters.Q.X!), ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y!),
                },
            },
        };
    }

    private static ECDsaSecurityKey LoadOrCreateKey(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            var createOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) createOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, createOptions)) writer.Write(fresh.ExportPkcs8PrivateKeyPem());
            try { File.Move(temporary, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temporary); } // another host made one first
        }
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(path));
        var publicKey = ecdsa.ExportSubjectPublicKeyInfo();
        return new ECDsaSecurityKey(ecdsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(publicKey))[..16] };
    }
}
