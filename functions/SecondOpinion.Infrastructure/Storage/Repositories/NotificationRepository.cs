using SecondOpinion.Core.Common;
using SecondOpinion.Core.Notifications;

namespace SecondOpinion.Infrastructure.Storage.Repositories;

/// <summary>
/// Notifications partitioned by case (what ops read for one case), mirrored by the same call into
/// the recipient's in-app list ("{audience}:{id}", newest first) and, while undelivered, into the
/// "pending" partition by next attempt time (the dispatcher's work list, which shrinks as they arrive).
/// </summary>
public sealed class NotificationRepository(IDocumentStore store) : INotificationRepository
{
    private sealed record Row(Notification Notification, string SortKey);

    private static Row CaseRow(Notification n) => new(n, DocumentStoreExtensions.SortKey(n.CreatedAt, n.Id));

    public async Task<(Notification Notification, bool Created)> TryCreateAsync(Notification notification, CancellationToken ct = default)
    {
        var created = await store.TryCreateAsync(Containers.Notifications, notification.CaseId, notification.Id, CaseRow(notification), ct);
        // Also on a repeat: a first attempt that stopped before its views is finished here.
        var stored = (await store.ReadAsync<Row>(Containers.Notifications, notification.CaseId, notification.Id, ct))!;
        await MirrorAsync(stored, ct);
        return (stored.Value.Notification, created);
    }

    public async Task<Notification?> FindAsync(string caseId, string notificationId, CancellationToken ct = default) =>
        (await store.ReadAsync<Row>(Containers.Notifications, caseId, notificationId, ct))?.Value.Notification;

    public async Task<(Notification Notification, bool Changed)> TryUpdateAsync(string caseId, string notificationId, Func<Notification, Notification?> change, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.ReadAsync<Row>(Containers.Notifications, caseId, notificationId, ct)
                ?? throw new KeyNotFoundException($"No notification '{notificationId}'.");
            if (change(current.Value.Notification) is not { } changed) return (current.Value.Notification, false);
            try
            {
                var row = CaseRow(changed);
                var etag = await store.UpsertAsync(Containers.Notifications, caseId, notificationId, row, current.ETag, ct);
                await MirrorAsync(new StoredDocument<Row>(row, etag), ct);
                return (changed, true);
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }

    private Task MirrorAsync(StoredDocument<Row> written, CancellationToken ct) =>
        store.MirrorAsync(Containers.Notifications, written.Value.Notification.CaseId, written.Value.Notification.Id, written, row => WriteViewsAsync(row.Notification, ct), ct);

    private async Task WriteViewsAsync(Notification n, CancellationToken ct)
    {
        if (n.Recipient.InAppKey is { } key)
            await store.UpsertAsync(Containers.RecipientNotifications, key, n.Id, CaseRow(n), ct: ct);
        if (n.Status == NotificationStatus.Pending)
            await store.UpsertAsync(Containers.PendingNotifications, Containers.PendingPartition, n.Id,
                new Row(n, DocumentStoreExtensions.SortKey(n.NextAttemptAt ?? n.CreatedAt, n.Id)), ct: ct);
        else
            await store.DeleteAsync(Containers.PendingNotifications, Containers.PendingPartition, n.Id, ct);
    }

    public async Task<Page<Notification>> ForCaseAsync(string caseId, PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<Row>(new PartitionQuery(Containers.Notifications, caseId, page), ct)).Select(r => r.Notification);

    public async Task<Page<Notification>> ForRecipientAsync(string inAppKey, PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<Row>(new PartitionQuery(Containers.RecipientNotifications, inAppKey, page) { Descending = true }, ct)).Select(r => r.Notification);

    public async Task<Page<Notification>> PendingByDueTimeAsync(PageRequest page, CancellationToken ct = default) =>
        (await store.QueryAsync<Row>(new PartitionQuery(Containers.PendingNotifications, Containers.PendingPartition, page), ct)).Select(r => r.Notification);
}
