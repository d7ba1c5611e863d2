using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SecondOpinion.Http.Api;

public sealed record HealthReport(string Status);

public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>
/// <c>GET /api/health</c>: liveness only (the process answers; no dependency is called).
/// <c>GET /api/health/ready</c>: the registered <see cref="IHealthCheck"/>s (Blob, queue, state store,
/// durable backend), each with a time limit, answering 503 when one fails. Unauthenticated, so the
/// answer names checks and states, never exception details.
/// </summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static Task<IResult> Health(HttpContext http) => Task.FromResult(Endpoint.Json(new HealthReport("healthy")));

    public static async Task<IResult> Ready(HttpContext http)
    {
        // Anyone may ask: an answer is reused for a few seconds, so asking often costs the dependencies nothing more.
        var report = await http.Service<ReadinessCache>().GetAsync(() => CheckAsync(http));
        return Endpoint.Json(report, report.Status == "ready" ? 200 : 503);
    }

    private static async Task<ReadinessReport> CheckAsync(HttpContext http)
    {
        // Run in the request's scope: in the Functions app the durable client is the trigger's binding.
        var registrations = http.Service<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Where(r => r.Tags.Contains(ReadyTag));
        var results = new Dictionary<string, string>();
        foreach (var registration in registrations)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            timeout.CancelAfter(CheckTimeout);
            try
            {
                var check = registration.Factory(http.RequestServices);
                var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, timeout.Token);
                results[registration.Name] = result.Status == HealthStatus.Healthy ? "ok" : "failing";
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                results[registration.Name] = "failing (no answer in 5 s)";
            }
            catch (Exception)
            {
                results[registration.Name] = "failing";
            }
        }
        var ready = results.Count > 0 && results.Values.All(v => v == "ok");
        return new ReadinessReport(ready ? "ready" : "not-ready", results);
    }
}

/// <summary>The last readiness answer, reused for <see cref="Lifetime"/> (one per host).</summary>
public sealed class ReadinessCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (ReadinessReport Report, DateTimeOffset At)? last;

    public async Task<ReadinessReport> GetAsync(Func<Task<ReadinessReport>> check)
    {
        await gate.WaitAsync();
        try
        {
            if (last is { } cached && clock.GetUtcNow() - cached.At < Lifetime) return cached.Report;
            var report = await check();
            last = (report, clock.GetUtcNow());
            return report;
        }
        finally
        {
            gate.Release();
        }
    }
}
