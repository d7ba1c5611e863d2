using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Notifications;

/// <summary>
/// Tells the person who must act. A workflow step calls <see cref="NotifyAsync(NotificationRequest, CancellationToken)"/>:
/// the recipient is resolved, the notification is recorded (the outbox, and the recipient's in-app
/// list) and one e-mail attempt is made at once; what does not arrive stays pending, and
/// <see cref="DispatchDueAsync"/> (a timer in both hosts) tries again with backoff, recording each
/// attempt, until it arrives or <see cref="NotificationOptions.MaxAttempts"/> have failed.
/// </summary>
public sealed class NotificationService(
    INotificationRepository notifications,
    ICaseRepository cases,
    IAssignmentRepository assignments,
    ISpecialistRepository specialists,
    IHospitalRepository hospitals,
    IEmailSender email,
    NotificationOptions options,
    AuditLog audit,
    TimeProvider clock,
    ILogger<NotificationService> log)
{
    /// <summary>
    /// Records and sends one notification; a retried step finds it recorded and sends nothing new.
    /// Never fails the step that calls it: a failure is logged (ids and the error's type only) and the
    /// notification, if recorded, waits for the dispatcher.
    /// </summary>
    /// <returns>The notification as stored, or null when there is nobody to tell (a referred case's hospital with no contact e-mail) or it could not be recorded.</returns>
    public async Task<Notification?> NotifyAsync(NotificationRequest request, CancellationToken ct = default)
    {
        try
        {
            var id = NotificationIds.For(request.CaseId, request.Step, request.To);
            var notification = await notifications.FindAsync(request.CaseId, id, ct);
            if (notification is null)
            {
                if (await DraftAsync(id, request, ct) is not { } draft) return null;
                notification = (await notifications.TryCreateAsync(draft, ct)).Notification;
                Telemetry.NotificationsRecorded.Add(1, new("kind", EnumNames.Of(notification.Kind)), new("channel", EnumNames.Of(notification.Channel)));
            }
            return notification.Status == NotificationStatus.Pending ? await AttemptAsync(notification, ct) : notification;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Notification {Kind} for case {CaseId} at step {Step} was not recorded ({ErrorType})", EnumNames.Of(request.Kind), request.CaseId, request.Step, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Each of <paramref name="requests"/>, in turn (see <see cref="NotifyAsync(NotificationRequest, CancellationToken)"/>).</summary>
    public async Task NotifyAllAsync(IEnumerable<NotificationRequest> requests, CancellationToken ct = default)
    {
        foreach (var request in requests) await NotifyAsync(request, ct);
    }

    /// <summary>Tries every pending notification that is due (soonest first); returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        if (!email.IsConfigured) return 0; // they wait, unspent, for a mail server to be configured
        var attempted = 0;
        var page = new PageRequest(PageRequest.MaxSize);
        while (true)
        {
            var due = await notifications.PendingByDueTimeAsync(page, ct);
            var now = clock.GetUtcNow();
            foreach (var pending in due.Items)
            {
                if (pending.NextAttemptAt is { } at && at > now) return attempted; // the rest are due later
                await AttemptAsync(pending, ct);
                attempted++;
            }
            if (due.ContinuationToken is null) return attempted;
            page = page with { ContinuationToken = due.ContinuationToken };
        }
    }

    /// <summary>What was sent for one case, oldest first: <c>GET /api/ops/notifications?caseId=</c>.</summary>
    public async Task<Outcome<Page<Notification>>> ListForCaseAsync(Caller caller, string? caseId, PageRequest page, CancellationToken ct = default)
    {
        if (!CaseIds.IsWellFormed(caseId))
            return new Outcome<Page<Notification>>.Invalid(new Dictionary<string, string[]> { ["caseId"] = ["Name a case: ?caseId=c… or h… (17 characters)."] });
        if (await cases.FindAsync(caseId!, ct) is null) return new Outcome<Page<Notification>>.NotFound($"No case {caseId}.");
        var list = await notifications.ForCaseAsync(caseId!, page, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsNotificationsList, $"ops/notifications?caseId={caseId}", CaseId: caseId,
            Detail: $"{list.Items.Count} notification(s)"), ct);
        return list;
    }

    /// <summary>The caller's own in-app list (their role's mailbox for ops and the director), newest first: <c>GET /api/notifications</c>.</summary>
    public async Task<Page<InAppNotification>> ListMineAsync(Caller caller, PageRequest page, CancellationToken ct = default)
    {
        var key = NotificationRecipient.Of(caller)?.InAppKey;
        var mine = key is null ? Page<Notification>.Empty : await notifications.ForRecipientAsync(key, page, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.NotificationsList, "notifications", Detail: $"{mine.Items.Count} notification(s)"), ct);
        return mine.Select(InAppNotification.Of);
    }

    private async Task<Notification?> DraftAsync(string id, NotificationRequest request, CancellationToken ct)
    {
        var caseFile = await cases.GetAsync(request.CaseId, ct);
        if (await RecipientOfAsync(request, caseFile, ct) is not { } recipient) return null;
        var address = await AddressOfAsync(recipient, caseFile, ct);
        var composed = NotificationComposer.Compose(request.Kind, request.CaseId, request.AssignmentId, options.LinkBaseUrl);
        var now = clock.GetUtcNow();
        var byEmail = address is not null;
        return new Notification
        {
            Id = id,
            CaseId = request.CaseId,
            Kind = request.Kind,
            Recipient = recipient,
            // Nobody to e-mail: the in-app list is the channel, and being listed is being delivered.
            Channel = byEmail ? NotificationChannel.Email : NotificationChannel.InApp,
            Subject = composed.Subject,
            Body = composed.Body,
            Link = composed.Link,
            Status = byEmail ? NotificationStatus.Pending : NotificationStatus.Delivered,
            CreatedAt = now,
            DeliveredAt = byEmail ? null : now,
            NextAttemptAt = byEmail ? now : null,
            LastError = byEmail && !email.IsConfigured ? "email-not-configured" : null,
        };
    }

    private async Task<NotificationRecipient?> RecipientOfAsync(NotificationRequest request, CaseFile caseFile, CancellationToken ct) => request.To switch
    {
        NotificationAudience.Patient => new(NotificationAudience.Patient, caseFile.Source == CaseSource.Patient ? caseFile.OwnerSubject : null),
        NotificationAudience.Hospital => caseFile.HospitalId is { } hospitalId && !string.IsNullOrWhiteSpace((await hospitals.FindAsync(hospitalId, ct))?.Contact?.Email)
            ? new(NotificationAudience.Hospital, hospitalId)
            : null,
        NotificationAudience.Specialist => new(NotificationAudience.Specialist, request.SpecialistId
            ?? (request.AssignmentId is { } assignmentId ? (await assignments.FindAsync(request.CaseId, assignmentId, ct))?.SpecialistId : null)
            ?? throw new ArgumentException("A specialist notification names the specialist or the assignment.", nameof(request))),
        NotificationAudience.Director => new(NotificationAudience.Director, Roles.Director),
        NotificationAudience.Ops => new(NotificationAudience.Ops, Roles.Ops),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.To, "Unknown audience."),
    };

    /// <summary>Looked up at every attempt and never stored: an address changed in the directory is used on the next try.</summary>
    private async Task<string?> AddressOfAsync(NotificationRecipient recipient, CaseFile? caseFile, string caseId, CancellationToken ct)
    {
        var address = recipient.Audience switch
        {
            NotificationAudience.Patient => (caseFile ?? await cases.GetAsync(caseId, ct)).Patient.Email,
            NotificationAudience.Hospital => recipient.Id is { } h ? (await hospitals.FindAsync(h, ct))?.Contact?.Email : null,
            NotificationAudience.Specialist => recipient.Id is { } s ? (await specialists.FindAsync(s, ct))?.Email : null,
            NotificationAudience.Director => options.MailboxOf(Roles.Director),
            NotificationAudience.Ops => options.MailboxOf(Roles.Ops),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(address) ? null : address.Trim();
    }

    private Task<string?> AddressOfAsync(NotificationRecipient recipient, CaseFile caseFile, CancellationToken ct) => AddressOfAsync(recipient, caseFile, caseFile.Id, ct);

    /// <summary>
    /// One e-mail attempt, if the notification is still pending and due. The claim (a conditional
    /// write moving the next attempt out by the backoff) keeps a second caller from sending at the
    /// same time; if this one dies mid-way, the claim expires and the dispatcher tries again.
    /// </summary>
    private async Task<Notification> AttemptAsync(Notification notification, CancellationToken ct)
    {
        if (!email.IsConfigured) return notification;
        var now = clock.GetUtcNow();
        var (claimed, mine) = await notifications.TryUpdateAsync(notification.CaseId, notification.Id, n =>
            n.Status == NotificationStatus.Pending && (n.NextAttemptAt ?? now) <= now
                ? n with { NextAttemptAt = now + options.BackoffAfter(n.Attempts.Count + 1) }
                : null, ct);
        if (!mine) return claimed;

        EmailDelivery delivery;
        try
        {
            delivery = await AddressOfAsync(claimed.Recipient, null, claimed.CaseId, ct) is { } address
                ? await email.SendAsync(new EmailMessage(address, claimed.Subject, claimed.Body, claimed.Id), ct)
                : EmailDelivery.Failed("no-address");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            delivery = EmailDelivery.Failed($"unexpected-{ex.GetType().Name}");
        }

        var at = clock.GetUtcNow();
        var (recorded, _) = await notifications.TryUpdateAsync(claimed.CaseId, claimed.Id, n =>
        {
            if (n.Status != NotificationStatus.Pending) return null;
            var attempt = new DeliveryAttempt(n.Attempts.Count + 1, at, delivery.Delivered, delivery.Error);
            var next = n with { Attempts = [.. n.Attempts, attempt], LastError = delivery.Error };
            if (delivery.Delivered) return next with { Status = NotificationStatus.Delivered, DeliveredAt = at, NextAttemptAt = null };
            return attempt.Number >= options.MaxAttempts ? next with { Status = NotificationStatus.Failed, NextAttemptAt = null } : next;
        }, ct);
        Telemetry.NotificationAttempts.Add(1, new("kind", EnumNames.Of(recorded.Kind)), new("outcome", delivery.Delivered ? "delivered" : "failed"));
        if (!delivery.Delivered)
            log.LogWarning("Notification {NotificationId} attempt {Attempt} failed ({Error}); now {Status}", recorded.Id, recorded.Attempts.Count, delivery.Error, EnumNames.Of(recorded.Status));
        return recorded;
    }
}
