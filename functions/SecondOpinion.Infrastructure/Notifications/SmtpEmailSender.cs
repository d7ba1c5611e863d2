using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;
using SecondOpinion.Core.Notifications;

namespace SecondOpinion.Infrastructure.Notifications;

/// <summary>
/// E-mail over SMTP with MailKit: one connection per message (notifications are few and far
/// between). Failures come back as codes ("smtp-recipient-not-accepted-550"), never as the server's
/// text, which can quote the address.
/// </summary>
public sealed class SmtpEmailSender(SmtpSettings settings) : IEmailSender
{
    public bool IsConfigured => true;

    public async Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (!MailboxAddress.TryParse(message.To, out var to)) return EmailDelivery.Failed("invalid-address");
        var from = MailboxAddress.Parse(settings.From);
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart(TextFormat.Plain) { Text = message.Body } };
        mime.From.Add(from);
        mime.To.Add(to);
        // The notification id, so a message sent twice (a crash between sending and recording) is recognisably one.
        mime.MessageId = $"{message.MessageId.Replace(':', '.')}@{from.Domain}";

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var sent = false;
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, SocketOptions(settings.Security), ct);
            if (!string.IsNullOrWhiteSpace(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            await client.SendAsync(mime, ct);
            sent = true;
            await client.DisconnectAsync(quit: true, ct);
            return EmailDelivery.Ok;
        }
        catch (Exception ex) when (sent && ex is not OperationCanceledException)
        {
            return EmailDelivery.Ok; // the server took it; only saying goodbye failed
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return EmailDelivery.Failed(ErrorCode(ex));
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static string ErrorCode(Exception ex) => ex switch
    {
        SmtpCommandException command => $"smtp-{Kebab(command.ErrorCode.ToString())}-{(int)command.StatusCode}",
        SmtpProtocolException => "smtp-protocol-error",
        AuthenticationException => "smtp-authentication-failed",
        SslHandshakeException => "smtp-tls-failed",
        SocketException socket => $"smtp-connect-failed-{Kebab(socket.SocketErrorCode.ToString())}",
        TimeoutException or OperationCanceledException => "smtp-timeout",
        IOException => "smtp-connection-lost",
        ServiceNotConnectedException => "smtp-not-connected",
        _ => $"smtp-{Kebab(ex.GetType().Name.Replace("Exception", ""))}",
    };

    private static string Kebab(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}

/// <summary>No mail server configured (<c>Notifications:Smtp:Host</c> unset): nothing is sent; notifications wait, listed in the app.</summary>
public sealed class UnconfiguredEmailSender : IEmailSender
{
    public bool IsConfigured => false;

    public Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken ct = default) => Task.FromResult(EmailDelivery.Failed("email-not-configured"));
}
