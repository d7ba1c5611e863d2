namespace SecondOpinion.Core.Notifications;

/// <summary>A notification's text: what the recipient reads in the e-mail and in the in-app list.</summary>
public sealed record ComposedNotification(string Subject, string Body, Uri Link);

/// <summary>
/// Builds a notification's subject, body and link from its kind and the ids it links to, and from
/// nothing else: no name, diagnosis, question or file name can reach a message, because none is an
/// input. Ids are checked to be ids (letters, digits, '-'), so free text cannot pass as one.
/// </summary>
public static class NotificationComposer
{
    public static ComposedNotification Compose(NotificationKind kind, string caseId, string? assignmentId, Uri linkBase)
    {
        var info = NotificationKinds.Of(kind);
        RequireId(caseId, nameof(caseId));
        if (info.NeedsAssignment) RequireId(assignmentId, nameof(assignmentId));
        var link = Link(info, caseId, assignmentId, linkBase);
        var subject = $"SecondOpinion: {info.Title} (case {caseId})";
        var body = string.Join('\n',
            info.Action,
            "",
            $"Case: {caseId}",
            $"Open: {link}",
            "",
            "Sign in to see the details. This message carries no clinical or personal information on purpose.",
            "— SecondOpinion");
        return new ComposedNotification(subject, body, link);
    }

    private static Uri Link(NotificationKindInfo info, string caseId, string? assignmentId, Uri linkBase)
    {
        if (!linkBase.IsAbsoluteUri) throw new ArgumentException("The link base must be an absolute URL.", nameof(linkBase));
        var path = info.LinkTemplate.Replace("{caseId}", Uri.EscapeDataString(caseId), StringComparison.Ordinal)
            .Replace("{assignmentId}", Uri.EscapeDataString(assignmentId ?? ""), StringComparison.Ordinal);
        var root = linkBase.AbsoluteUri.EndsWith('/') ? linkBase : new Uri(linkBase.AbsoluteUri + "/");
        return new Uri(root, path);
    }

    private static void RequireId(string? id, string name)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"'{name}' must be an id (letters, digits and '-').", name);
    }
}
