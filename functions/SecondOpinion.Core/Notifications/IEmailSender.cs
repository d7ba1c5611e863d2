namespace SecondOpinion.Core.Notifications;

/// <summary>One e-mail: plain text, to one address. <see cref="MessageId"/> is the notification's id, so a resend is recognisably the same message.</summary>
public sealed record EmailMessage(string To, string Subject, string Body, string MessageId);

/// <summary>Whether the server took the message, and if not an error code that names no address or content ("smtp-connect-failed").</summary>
public sealed record EmailDelivery(bool Delivered, string? Error = null)
{
    public static readonly EmailDelivery Ok = new(true);

    public static EmailDelivery Failed(string error) => new(false, error);
}

/// <summary>E-mail out: SMTP (a relay, or Azure Communication Services' SMTP endpoint) in Azure, a development mail server locally.</summary>
public interface IEmailSender
{
    /// <summary>False when no mail server is configured: notifications are then recorded and listed in the app, and wait.</summary>
    bool IsConfigured { get; }

    /// <summary>Never throws for a delivery failure: the result says what went wrong.</summary>
    Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken ct = default);
}
