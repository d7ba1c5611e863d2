using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// Serves the portal (portal/SecondOpinion.Portal, a Blazor WebAssembly app) at <c>/</c>: its files
/// from the build's static-asset manifest, and <c>index.html</c> for any other path that is not the
/// API's, so deep links (<c>/cases/{id}</c>, the links in e-mails) open the app. Every portal
/// response carries the same headers the Static Web App sends in Azure (staticwebapp.config.json),
/// so the browser tests run the app under its real Content-Security-Policy.
/// </summary>
public static partial class PortalHosting
{
    [GeneratedRegex("""<script type="importmap">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    public static void MapPortal(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(app.Environment.WebRootFileProvider.GetFileInfo("index.html"));
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api") && !http.Request.Path.StartsWithSegments("/connect"))
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers.XFrameOptions = "SAMEORIGIN";
            }
            await next(http);
        });
        app.MapStaticAssets();
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        app.MapFallback(async http =>
        {
            var request = http.Request;
            // The API's and the issuer's paths never fall back to the app: an unknown route there is a 404 problem.
            var ownedByServer = ServerPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
            if (ownedByServer || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !index.Exists)
            {
                await SecondOpinion.Http.Api.Problems.NotFound("No such route.").ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index, http.RequestAborted);
        });
    }

    private static readonly string[] ServerPaths = ["/api", "/connect", "/openapi", "/.well-known"];

    /// <summary>
    /// The portal's policy: scripts only from itself, WebAssembly compiled, and the one inline script
    /// Blazor needs (its import map, whose fingerprinted names change every build) allowed by its hash.
    /// Inline styles are allowed: the signed report shown in a sandboxed frame carries its own, and a
    /// style cannot run code.
    /// </summary>
    private static string ContentSecurityPolicy(Microsoft.Extensions.FileProviders.IFileInfo index)
    {
        var hash = "";
        if (index.Exists)
        {
            using var reader = new StreamReader(index.CreateReadStream());
            if (ImportMap().Match(reader.ReadToEnd()) is { Success: true } map)
                hash = $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.Groups[1].Value)))}'";
        }
        return $"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hash}; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-src 'self' blob:; "
            + "img-src 'self' blob: data:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'";
    }
}
