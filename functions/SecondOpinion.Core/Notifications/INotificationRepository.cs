using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Notifications;

/// <summary>
/// Notifications by case (what ops see), by recipient (the in-app list, newest first) and the
/// pending ones by when they are due (the dispatcher's work list, as small as the undelivered ones).
/// </summary>
public interface INotificationRepository
{
    /// <summary>Records a new notification; returns the stored one when the id was recorded before.</summary>
    Task<(Notification Notification, bool Created)> TryCreateAsync(Notification notification, CancellationToken ct = default);

    Task<Notification?> FindAsync(string caseId, string notificationId, CancellationToken ct = default);

    /// <summary>
    /// Conditional read-modify-write: <paramref name="change"/> returns the new version, or null to
    /// leave it as it is. Returns the stored notification and whether this call changed it.
    /// </summary>
    Task<(Notification Notification, bool Changed)> TryUpdateAsync(string caseId, string notificationId, Func<Notification, Notification?> change, CancellationToken ct = default);

    /// <summary>One case's notifications, oldest first.</summary>
    Task<Page<Notification>> ForCaseAsync(string caseId, PageRequest page, CancellationToken ct = default);

    /// <summary>One recipient's in-app list (<see cref="NotificationRecipient.InAppKey"/>), newest first.</summary>
    Task<Page<Notification>> ForRecipientAsync(string inAppKey, PageRequest page, CancellationToken ct = default);

    /// <summary>The undelivered notifications, soonest due first.</summary>
    Task<Page<Notification>> PendingByDueTimeAsync(PageRequest page, CancellationToken ct = default);
}
