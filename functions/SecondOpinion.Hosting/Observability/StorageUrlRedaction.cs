using System.Diagnostics;
using OpenTelemetry;

namespace SecondOpinion.Hosting.Observability;

/// <summary>
/// Outgoing calls keep their scheme, host and first path segment (account or container) and lose the
/// rest: blob names in the hospital inbox are file names a hospital chose, and one can carry a
/// patient's name; query strings can carry SAS signatures. Applied to every span before export.
/// </summary>
public sealed class StorageUrlRedaction : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "url.path", "url.query", "server.path"];

    public override void OnEnd(Activity span)
    {
        if (span.Kind is not (ActivityKind.Client or ActivityKind.Internal or ActivityKind.Producer)) return;
        foreach (var tag in UrlTags)
        {
            if (span.GetTagItem(tag) is not string value) continue;
            span.SetTag(tag, tag == "url.query" ? "" : Redact(value));
        }
    }

    public static string Redact(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var first = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return $"{uri.Scheme}://{uri.Authority}/{first}{(uri.AbsolutePath.Count(c => c == '/') > 1 ? "/…" : "")}";
        }
        var path = url.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length <= 1 ? path : $"/{segments[0]}/…";
    }
}
