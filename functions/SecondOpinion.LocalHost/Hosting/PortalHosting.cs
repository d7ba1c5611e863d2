namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// Serves the portal (portal/SecondOpinion.Portal, a Blazor WebAssembly app) at <c>/</c>: its files
/// from the build's static-asset manifest, and <c>index.html</c> for any other path that is not the
/// API's, so deep links (<c>/cases/{id}</c>, the links in e-mails) open the app.
/// </summary>
public static class PortalHosting
{
    public static void MapPortal(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapFallbackToFile("/", "index.html");
        app.MapFallbackToFile("{*path:regex(^(?!api/|api$|connect/|openapi/|\\.well-known/).*$)}", "index.html");
    }
}
