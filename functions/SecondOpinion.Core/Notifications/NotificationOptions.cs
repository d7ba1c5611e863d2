namespace SecondOpinion.Core.Notifications;

/// <summary>Section <c>Notifications</c>: where links point, who the role mailboxes are, how delivery is retried.</summary>
public sealed record NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The portal's address: every link in a message is a path under it.</summary>
    public Uri LinkBaseUrl { get; init; } = new("http://127.0.0.1:7071/");

    /// <summary>E-mail addresses of role mailboxes by role: <c>director</c>, <c>ops</c>. A role without one is notified in the app only.</summary>
    public Dictionary<string, string> RoleMailboxes { get; init; } = [];

    /// <summary>E-mail attempts per notification before it is marked failed.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the local host's dispatcher looks for notifications due a retry (the Functions app: a timer every minute).</summary>
    public TimeSpan DispatchInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after attempt <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(RetryBackoff.Ticks * factor, MaxRetryBackoff.Ticks));
        return wait < RetryBackoff ? RetryBackoff : wait;
    }

    public string? MailboxOf(string role) =>
        RoleMailboxes.FirstOrDefault(m => string.Equals(m.Key, role, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } address ? address.Trim() : null;
}
