using MimeKit;

namespace SecondOpinion.Infrastructure.Notifications;

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>
/// Section <c>Notifications:Smtp</c>: the mail server notifications go through (an SMTP relay or
/// Azure Communication Services' SMTP endpoint in Azure, the development mail server locally). No
/// <see cref="Host"/>: e-mail is off, notifications are recorded, listed in the app, and wait.
/// <see cref="Password"/> comes from configuration only (in Azure a Key Vault reference app setting).
/// </summary>
public sealed record SmtpSettings
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; init; }
    public int Port { get; init; } = 587;
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>The sender every notification comes from ("SecondOpinion &lt;notifications@example.org&gt;").</summary>
    public string From { get; init; } = "SecondOpinion <notifications@secondopinion.localhost>";

    /// <summary>Per connect, command and send: a mail server that does not answer must not hold a workflow step for long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>What is wrong with these settings, naming the setting to fix; null when they are usable.</summary>
    public string? Problem()
    {
        if (!IsConfigured) return null;
        if (Port is < 1 or > 65535) return "Notifications:Smtp:Port must be from 1 to 65535.";
        if (Timeout <= TimeSpan.Zero) return "Notifications:Smtp:Timeout must be a positive duration such as 00:00:10.";
        if (!MailboxAddress.TryParse(From, out _)) return "Notifications:Smtp:From must be an e-mail address (\"SecondOpinion <notifications@example.org>\").";
        if (!string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(User)) return "Notifications:Smtp:Password is set without Notifications:Smtp:User.";
        if (!string.IsNullOrWhiteSpace(User) && Security == SmtpSecurity.None && !IsLoopback(Host!))
            return "Notifications:Smtp:User is set with Security None: the password would cross the network in clear. Use StartTls or SslOnConnect.";
        return null;
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    // A record prints every property: the password must never reach a log line that way.
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, User = {(string.IsNullOrEmpty(User) ? "" : "(set)")} }}";
}
