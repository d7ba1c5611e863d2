using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SecondOpinion.Http.Auth;

/// <summary>Section <c>RateLimits</c>: how many writes one identity may make per window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    public int WritesPerWindow { get; set; } = 120;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-identity limit on write routes (System.Threading.RateLimiting, as ASP.NET Core's rate-limiting
/// middleware uses), applied by the shared endpoint code so both hosts limit the same way. Each
/// instance counts for itself; a gateway in front (API Management) gives a global limit.
/// </summary>
public sealed class WriteRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public WriteRateLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.Create<string, string>(identity => RateLimitPartition.GetFixedWindowLimiter(identity, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, o.WritesPerWindow),
            Window = o.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the write may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string identity)
    {
        using var lease = limiter.AttemptAcquire(identity);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => limiter.Dispose();
}
