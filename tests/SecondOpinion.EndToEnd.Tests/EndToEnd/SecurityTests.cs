using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.LocalHost.Hosting;
using SecondOpinion.LocalHost.Identity;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>
/// Every route of the OpenAPI document against every kind of bad token (OWASP API2, HIPAA
/// 164.312(d)), the right role on somebody else's resource (OWASP API1), and the audit entry each
/// refusal leaves (164.312(b)).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SecurityTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly LocalHostRunner host = new(azurite);

    public Task InitializeAsync() => host.StartAsync();
    public async Task DisposeAsync() => await host.DisposeAsync();

    private DevelopmentIssuer Issuer => host.Host!.Services.GetRequiredService<DevelopmentIssuer>();

    /// <summary>A token as an attacker (or a misconfigured client) would make it.</summary>
    private string Token(string role = Roles.Ops, string sub = "ops-mallory", string? issuer = null, string audience = "secondopinion-api",
        DateTime? issuedAt = null, DateTime? notBefore = null, DateTime? expires = null, SigningCredentials? credentials = null, string roleClaim = "roles")
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer.Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = sub, [roleClaim] = roleClaim == "roles" ? new[] { role } : role },
            IssuedAt = issuedAt ?? now,
            NotBefore = notBefore ?? now,
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = credentials ?? new SigningCredentials(Issuer.SigningKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Every kind of token that must be refused with 401, and the reason the audit must name. The
    /// signature is checked before the claims, so an unsigned or HMAC-signed token is refused for its
    /// signature (only ES256/RS256 keys from the issuer's JWKS can verify anything).
    /// </summary>
    private Dictionary<string, (string? Token, string Reason)> BadTokens()
    {
        var now = DateTime.UtcNow;
        var otherKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Issuer.SigningKey.KeyId };
        var publicKeyPem = Encoding.UTF8.GetBytes(Issuer.SigningKey.ECDsa.ExportSubjectPublicKeyInfoPem());
        var payload = $$"""{"iss":"{{Issuer.Issuer}}","aud":"secondopinion-api","sub":"ops-mallory","roles":["ops"],"iat":{{new DateTimeOffset(now).ToUnixTimeSeconds()}},"exp":{{new DateTimeOffset(now.AddMinutes(30)).ToUnixTimeSeconds()}}}""";
        return new()
        {
            ["none"] = (null, "no-token"),
            ["expired"] = (Token(issuedAt: now.AddHours(-2), notBefore: now.AddHours(-2), expires: now.AddHours(-1)), "token-expired"),
            ["not yet valid"] = (Token(issuedAt: now, notBefore: now.AddMinutes(30), expires: now.AddHours(1)), "token-not-yet-valid"),
            ["forged signature"] = (Token(credentials: new SigningCredentials(otherKey, SecurityAlgorithms.EcdsaSha256)), "invalid-signature"),
            ["alg none"] = ($"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(payload)}.", "invalid-signature"),
            ["HS256 with the public key"] = (Token(credentials: new SigningCredentials(new SymmetricSecurityKey(publicKeyPem) { KeyId = Issuer.SigningKey.KeyId }, SecurityAlgorithms.HmacSha256)), "invalid-signature"),
            ["wrong issuer"] = (Token(issuer: "https://issuer.invalid"), "wrong-issuer"),
            ["wrong audience"] = (Token(audience: "another-api"), "wrong-audience"),
            ["unknown role"] = (Token(role: "admin"), "role-not-recognised"),
            ["lifetime over the cap"] = (Token(expires: now.AddDays(3)), "lifetime-over-cap"),
            // The HMAC key that was once published in appsettings.json, with the old issuer and claim.
            ["old published HMAC key"] = (Token(issuer: "secondopinion-local", roleClaim: "role", credentials: new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes("local-development-signing-key-not-for-production-use")), SecurityAlgorithms.HmacSha256)), "invalid-signature"),
            ["not a JWT"] = ("not-a-jwt", "malformed-token"),
        };
    }

    private sealed record Route(string Method, string Template)
    {
        public override string ToString() => $"{Method} {Template}";
    }

    private async Task<List<Route>> RoutesAsync()
    {
        var document = await host.JsonAsync(HttpMethod.Get, "/openapi/v1.json", null);
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => new Route(m.Name.ToUpperInvariant(), p.Name)))
            .Where(r => r.Template.StartsWith("/api/", StringComparison.Ordinal) && r.Template is not "/api/health" and not "/api/health/ready" and not "/api/dev/token")
            .ToList();
    }

    /// <summary>A role that the route's policy does not admit; none for a route every signed-in role may call.</summary>
    private static string? WrongRole(Route route) => route.Template switch
    {
        "/api/notifications" or "/api/subspecialties" => null,
        var t when t.StartsWith("/api/assignments", StringComparison.Ordinal) => Roles.Patient,
        var t when t.StartsWith("/api/ops", StringComparison.Ordinal) => Roles.Specialist,
        var t when t.StartsWith("/api/hospital", StringComparison.Ordinal) => Roles.Patient,
        // Only the medical director signs: ops may do everything else operations do, not this.
        var t when t.StartsWith("/api/director", StringComparison.Ordinal) => Roles.Ops,
        "/api/cases/{caseId}" or "/api/cases/{caseId}/report" or "/api/cases/{caseId}/questions" or "/api/cases/{caseId}/documents/{documentId}" => Roles.Specialist,
        // Listing one's own cases is for patients and hospitals; creating one is for patients only.
        "/api/cases" when route.Method == "GET" => Roles.Specialist,
        _ => Roles.Hospital, // patient-only case routes
    };

    private async Task<HttpResponseMessage> CallAsync(Route route, string? token, string caseId = "c0000000000000000", string id = "x")
    {
        var path = route.Template.Replace("{caseId}", caseId).Replace("{assignmentId}", id).Replace("{id}", id);
        HttpContent? body = route.Method is "POST" or "PUT" ? JsonContent.Create(new { }) : null;
        return await host.SendAsync(new HttpMethod(route.Method), path, token, body);
    }

    private Task<IReadOnlyList<AuditEntry>> PlatformAuditAsync() =>
        host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(AuditChains.Platform).ContinueWith(t => t.Result.Entries);

    [Fact]
    public async Task every_route_refuses_every_bad_token_and_the_wrong_role_and_audits_each_refusal()
    {
        var routes = await RoutesAsync();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes in the OpenAPI document");
        var bad = BadTokens();
        var before = (await PlatformAuditAsync()).Count;
        var expected = new List<(string What, AuditOutcome Outcome, string? Reason)>();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var (kind, (token, reason)) in bad)
            {
                using var response = await CallAsync(route, token);
                expected.Add(($"{route} with {kind}", AuditOutcome.Unauthenticated, reason));
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{route} with {kind}: {(int)response.StatusCode}");
                else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{route} with {kind}: not problem+json");
                else if (!response.Headers.WwwAuthenticate.Any()) failures.Add($"{route} with {kind}: no WWW-Authenticate");
            }
            if (WrongRole(route) is not { } wrongRole) continue;
            using var forbidden = await CallAsync(route, Token(role: wrongRole, sub: $"{wrongRole}-eve"));
            expected.Add(($"{route} as {wrongRole}", AuditOutcome.Forbidden, null));
            if (forbidden.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{route} as {wrongRole}: {(int)forbidden.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));

        // One audit entry per refused request, in order, naming the reason.
        var entries = (await PlatformAuditAsync()).Skip(before).Where(e => e.Action == AuditActions.AccessRefused).ToList();
        Assert.Equal(expected.Count, entries.Count);
        var misaudited = expected.Zip(entries).Where(p => p.First.Outcome != p.Second.Outcome || (p.First.Reason is { } r && p.Second.Detail != r))
            .Select(p => $"{p.First.What}: audited {p.Second.Outcome} {p.Second.Detail}, expected {p.First.Reason}").Distinct().ToList();
        Assert.True(misaudited.Count == 0, string.Join("\n", misaudited.Take(4)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.SourceAddress));
        Assert.True((await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(AuditChains.Platform)).Verified);
    }

    [Fact]
    public async Task the_right_role_on_somebody_elses_resource_is_a_404_audited_in_that_case()
    {
        var alice = await host.TokenAsync("patient-alice-sec", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateSubmittedCaseAsync(host, alice);
        var assignment = await WaitForAssignmentAsync(caseId);
        var routes = await RoutesAsync();
        var bob = await host.TokenAsync("patient-bob-sec", Roles.Patient);
        var otherSpecialist = await host.TokenAsync("sp-not-on-panel", Roles.Specialist);
        var otherHospital = await host.TokenAsync("hosp-other", Roles.Hospital);

        var tried = 0;
        // The medical director and ops may act on every case: their routes have no "somebody else's".
        foreach (var route in routes.Where(r => (r.Template.Contains("{caseId}") && !r.Template.StartsWith("/api/director/", StringComparison.Ordinal)
                         && !r.Template.StartsWith("/api/ops/", StringComparison.Ordinal))
                     || r.Template.StartsWith("/api/assignments/{id}", StringComparison.Ordinal)))
        {
            var token = route.Template.StartsWith("/api/assignments", StringComparison.Ordinal) ? otherSpecialist : bob;
            using var response = await CallAsync(route, token, caseId, assignment);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Alex Test", body);
            tried++;
        }
        using (var hospitalRead = await host.SendAsync(HttpMethod.Get, $"/api/cases/{caseId}", otherHospital))
            Assert.Equal(HttpStatusCode.NotFound, hospitalRead.StatusCode);

        var audit = await host.Host!.Services.GetRequiredService<AuditLog>().ChainAsync(caseId);
        Assert.True(audit.Verified);
        Assert.Equal(tried + 1, audit.Entries.Count(e => e.Outcome == AuditOutcome.NotYours));
        Assert.Contains(audit.Entries, e => e.Actor == "sp-not-on-panel" && e.Resource.Contains(assignment));
    }

    private async Task<string> WaitForAssignmentAsync(string caseId)
    {
        var store = host.Host!.Services.GetRequiredService<SecondOpinion.Core.Review.IAssignmentRepository>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if ((await store.ForCaseAsync(caseId)).FirstOrDefault() is { } a) return a.Id;
            await Task.Delay(100);
        }
        throw new TimeoutException("no assignment was offered");
    }

    [Fact]
    public async Task the_development_issuer_publishes_metadata_and_only_this_machine_gets_tokens()
    {
        var discovery = await host.JsonAsync(HttpMethod.Get, "/.well-known/openid-configuration", null);
        Assert.Equal(Issuer.Issuer, discovery.GetProperty("issuer").GetString());
        var jwks = await host.JsonAsync(HttpMethod.Get, new Uri(discovery.GetProperty("jwks_uri").GetString()!).AbsolutePath, null);
        var key = jwks.GetProperty("keys").EnumerateArray().Single();
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.False(key.TryGetProperty("d", out _)); // never the private part

        var token = await host.JsonAsync(HttpMethod.Post, "/api/dev/token", null, JsonContent.Create(new { sub = "patient-9", role = "patient" }));
        Assert.True(token.GetProperty("expires_in").GetInt32() is > 0 and <= 3600);
        var parsed = new JsonWebToken(token.GetProperty("access_token").GetString());
        Assert.Equal("ES256", parsed.Alg);

        // A Host header that is not this machine's (DNS rebinding, a proxy) gets no token.
        using var rebound = await host.SendAsync(HttpMethod.Post, "/api/dev/token", null, JsonContent.Create(new { sub = "patient-9", role = "patient" }),
            r => r.Headers.Host = "attacker.example");
        Assert.Equal(HttpStatusCode.NotFound, rebound.StatusCode);

        // Ops and the director must say which person they are.
        foreach (var (sub, role) in new[] { ("ops", "ops"), ("admin", "ops"), ("director", "director") })
        {
            using var anonymous = await host.SendAsync(HttpMethod.Post, "/api/dev/token", null, JsonContent.Create(new { sub, role }));
            Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        }
        await host.JsonAsync(HttpMethod.Post, "/api/dev/token", null, JsonContent.Create(new { sub = "director-kim", role = "director" }));

        var keyFile = Directory.GetFiles(Path.GetDirectoryName(host.DatabasePath)!, "dev-issuer-es256.pem").Single();
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public async Task the_director_may_do_what_ops_does()
    {
        var director = await host.TokenAsync("director-kim", Roles.Director);
        await host.JsonAsync(HttpMethod.Get, "/api/ops/cases", director);
        await host.JsonAsync(HttpMethod.Get, "/api/ops/escalations", director);
        await host.JsonAsync(HttpMethod.Get, "/api/ops/hospitals", director);
    }

    [Fact]
    public async Task oversized_bodies_get_413_problems_not_500()
    {
        var patient = await host.TokenAsync("patient-big", Roles.Patient);
        var created = await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201);
        var caseId = created.GetProperty("id").GetString()!;

        var huge = new ByteArrayContent(new byte[70 * 1024 * 1024]);
        huge.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        // Expect: 100-continue lets the server refuse before the body is sent, as a browser upload would see it.
        using var upload = await host.SendAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, huge, r =>
        {
            r.Headers.Add("X-File-Name", "huge.pdf");
            r.Headers.ExpectContinue = true;
        });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.Equal("application/problem+json", upload.Content.Headers.ContentType?.MediaType);

        var bigJson = new StringContent(JsonSerializer.Serialize(new { question = new string('x', 400_000) }), Encoding.UTF8, "application/json");
        using var create = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, bigJson);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Hosts started with other settings: rate limits, and outside Development.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostSecurityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task writes_over_the_per_identity_limit_get_429_with_retry_after()
    {
        await using var host = new LocalHostRunner(azurite, new() { ["RateLimits:WritesPerWindow"] = "3", ["RateLimits:Window"] = "00:01:00" });
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-fast", Roles.Patient);
        var other = await host.TokenAsync("patient-calm", Roles.Patient);
        for (var i = 0; i < 3; i++) await host.JsonAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()), 201);

        using var limited = await host.SendAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseJourneyTests.CaseBody()));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 });
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Reads are not limited, and the limit is per identity.
        await host.JsonAsync(HttpMethod.Get, "/api/ops/cases", await host.TokenAsync("ops-rita", Roles.Ops));
        await host.JsonAsync(HttpMethod.Post, "/api/cases", other, JsonContent.Create(CaseJourneyTests.CaseBody()), 201);
    }

    [Fact]
    public async Task outside_development_the_host_needs_an_authority_and_mints_no_tokens()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["State:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"so-prod-{Guid.NewGuid():N}.db"),
            ["Durable:TaskHubName"] = $"prod{Guid.NewGuid():N}"[..16],
        };
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => LocalHostApp.StartAsync(["--environment", "Production"], settings));
        Assert.Contains("Auth:Authority", refused.ToString());

        // An authority on this machine where nothing listens: no traffic leaves the machine, and no token can validate.
        settings["Auth:Authority"] = "http://127.0.0.1:9/tenant/v2.0";
        await using var host = await LocalHostApp.StartAsync(["--environment", "Production"], settings);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/dev/token", new { sub = "ops-1", role = "ops" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/.well-known/openid-configuration")).StatusCode);

        // A token made with the HMAC key that appsettings.json once published opens nothing.
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "secondopinion-local",
            Audience = "secondopinion-api",
            Claims = new Dictionary<string, object> { ["sub"] = "ops-1", ["role"] = "ops", ["roles"] = new[] { "ops" } },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("local-development-signing-key-not-for-production-use")), SecurityAlgorithms.HmacSha256),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/cases");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
    }
}
