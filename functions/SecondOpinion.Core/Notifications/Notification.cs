using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Notifications;

/// <summary>Who a notification is for: the case's patient, its referring hospital, a specialist, or a role mailbox.</summary>
public enum NotificationAudience { Patient, Hospital, Specialist, Director, Ops }

/// <summary>How it reaches them: by e-mail (and in the app), or only in the app when they have no e-mail address.</summary>
public enum NotificationChannel { Email, InApp }

/// <summary>Pending until delivered; failed once every attempt allowed has failed.</summary>
public enum NotificationStatus { Pending, Delivered, Failed }

/// <summary>
/// The recipient by kind and id: a patient by subject, a hospital by registry id, a specialist by
/// directory id, ops and the medical director by role mailbox ("ops", "director"). A patient referred
/// by a hospital has no sign-in, so no id and no in-app list. Never an address: addresses are looked
/// up at each attempt, so none is stored with the notification.
/// </summary>
public sealed record NotificationRecipient(NotificationAudience Audience, string? Id)
{
    /// <summary>The in-app list this recipient reads ("specialist:sp-001"), or null when they cannot sign in.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? InAppKey => Id is null ? null : $"{EnumNames.Of(Audience)}:{Id}";

    /// <summary>The in-app list a signed-in caller reads: their own, or their role's mailbox.</summary>
    public static NotificationRecipient? Of(Caller caller) => caller.Role switch
    {
        Roles.Patient => new(NotificationAudience.Patient, caller.Subject),
        Roles.Hospital => new(NotificationAudience.Hospital, caller.Subject),
        Roles.Specialist => new(NotificationAudience.Specialist, caller.Subject),
        Roles.Director => new(NotificationAudience.Director, Roles.Director),
        Roles.Ops => new(NotificationAudience.Ops, Roles.Ops),
        _ => null,
    };
}

/// <summary>One try to deliver by e-mail, and how it ended (an error code, never a server's message: those can quote an address).</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, bool Delivered, string? Error = null);

/// <summary>
/// A notification as recorded (the outbox): what was sent to whom, by which channel, and whether it
/// arrived. Its id comes from the workflow step that sent it, so a retried step finds it instead of
/// sending again. Subject and body come from <see cref="NotificationComposer"/>: ids and a link only.
/// </summary>
public sealed record Notification
{
    public required string Id { get; init; }
    public required string CaseId { get; init; }
    public required NotificationKind Kind { get; init; }
    public required NotificationRecipient Recipient { get; init; }
    public required NotificationChannel Channel { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public required Uri Link { get; init; }
    public required NotificationStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];
    public string? LastError { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When the dispatcher may try again (pending only); also holds off others while an attempt runs.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}

/// <summary>A notification as its recipient sees it in the app.</summary>
public sealed record InAppNotification(string Id, string CaseId, NotificationKind Kind, string Subject, string Body, Uri Link, DateTimeOffset CreatedAt)
{
    public static InAppNotification Of(Notification n) => new(n.Id, n.CaseId, n.Kind, n.Subject, n.Body, n.Link, n.CreatedAt);
}

public static class NotificationIds
{
    /// <summary>"{caseId}:{step}:{audience}": the same on every retry of the step, one per recipient of it.</summary>
    public static string For(string caseId, string step, NotificationAudience audience) => $"{caseId}:{step}:{EnumNames.Of(audience)}";
}
