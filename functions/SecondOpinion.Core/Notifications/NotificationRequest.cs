using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Notifications;

/// <summary>
/// What a workflow step asks <see cref="NotificationService.NotifyAsync(NotificationRequest, CancellationToken)"/>
/// to send: a kind, the case, the step (which fixes the notification's id, so a retry sends nothing
/// new) and who it is for. A specialist is named by <paramref name="SpecialistId"/> or found from
/// <paramref name="AssignmentId"/>; the patient, the referring hospital and the role mailboxes are
/// found from the case and the configuration. Ids only: the text is the composer's.
/// </summary>
public sealed record NotificationRequest(
    NotificationKind Kind,
    string CaseId,
    string Step,
    NotificationAudience To,
    string? SpecialistId = null,
    string? AssignmentId = null)
{
    /// <summary>The reminder a deadline step sends: the patient at intake, the specialist of the assignment otherwise.</summary>
    public static NotificationRequest Reminder(ReminderRequest reminder, string step) => reminder.Kind switch
    {
        ReminderKind.Intake => new(NotificationKind.ReminderIntake, reminder.CaseId, step, NotificationAudience.Patient),
        ReminderKind.Offer => new(NotificationKind.ReminderOffer, reminder.CaseId, step, NotificationAudience.Specialist, AssignmentId: reminder.AssignmentId),
        ReminderKind.Opinion => new(NotificationKind.ReminderOpinion, reminder.CaseId, step, NotificationAudience.Specialist, AssignmentId: reminder.AssignmentId),
        ReminderKind.SignOff => new(NotificationKind.ReminderSignoff, reminder.CaseId, step, NotificationAudience.Director),
        _ => throw new ArgumentOutOfRangeException(nameof(reminder), reminder.Kind, "Unknown reminder kind."),
    };

    /// <summary>The report is ready: for the patient, and for the referring hospital when the case came from one.</summary>
    public static IReadOnlyList<NotificationRequest> ReportReady(string caseId) =>
    [
        new(NotificationKind.ReportReady, caseId, "report-ready", NotificationAudience.Patient),
        new(NotificationKind.ReportReady, caseId, "report-ready", NotificationAudience.Hospital),
    ];

    /// <summary>
    /// A record could not be read: once per document (the step names it), for the patient, and for the
    /// referring hospital's contact when the case came from a hospital drop.
    /// </summary>
    public static IReadOnlyList<NotificationRequest> RecordUnreadable(string caseId, string documentId) =>
    [
        new(NotificationKind.RecordUnreadable, caseId, $"record-unreadable:{documentId}", NotificationAudience.Patient),
        new(NotificationKind.RecordUnreadable, caseId, $"record-unreadable:{documentId}", NotificationAudience.Hospital),
    ];
}
