using Microsoft.AspNetCore.Http;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Api;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Dependencies);

/// <summary><c>GET /api/health</c>: liveness plus a cheap probe of each dependency.</summary>
public static class HealthApi
{
    public static async Task<IResult> Health(HttpContext http)
    {
        var dependencies = new Dictionary<string, string>();
        await Probe(dependencies, "state", () => http.Service<IDocumentStore>().ListAsync<object>(Containers.Hospitals, "health-probe", http.RequestAborted));
        await Probe(dependencies, "files", () => http.Service<IFileStore>().ExistsAsync(BlobLayout.ReportsContainer, "health-probe", http.RequestAborted));
        var healthy = dependencies.Values.All(v => v == "ok");
        return Endpoint.Json(new HealthReport(healthy ? "healthy" : "degraded", dependencies), healthy ? 200 : 503);
    }

    private static async Task Probe(Dictionary<string, string> results, string name, Func<Task> probe)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await probe().WaitAsync(timeout.Token);
            results[name] = "ok";
        }
        catch (Exception ex)
        {
            results[name] = $"failing ({ex.GetType().Name})";
        }
    }
}
