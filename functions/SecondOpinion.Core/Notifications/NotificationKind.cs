namespace SecondOpinion.Core.Notifications;

/// <summary>What a notification asks its recipient to do (JSON: "offer", "reminder-offer", …).</summary>
public enum NotificationKind
{
    Offer,
    ReminderOffer,
    ReminderOpinion,
    ReminderIntake,
    Escalation,
    SignoffRequest,
    ReminderSignoff,
    RevisionRequest,
    ReportReady,
    FollowupQuestion,
    FollowupAnswer,
    CaseCancelled,
    AssignmentWithdrawn,
    RecordsNeeded,
    RecordUnreadable,
}

/// <summary>One kind as the catalogue describes it: a title for the subject, the action asked for, and where the link goes.</summary>
public sealed record NotificationKindInfo(NotificationKind Kind, string Title, string Action, string LinkTemplate, bool NeedsAssignment);

/// <summary>
/// The one catalogue of notification kinds. Titles and actions are fixed text: a message says what to
/// do and links to where it is done, never what the case is about.
/// Link templates are paths under <see cref="NotificationOptions.LinkBaseUrl"/>: {caseId}, {assignmentId}.
/// </summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKindInfo> Catalogue =
    [
        new(NotificationKind.Offer, "New review offer", "A panel seat on a case has been offered to you. Please accept or decline the offer.", "assignments/{assignmentId}", true),
        new(NotificationKind.ReminderOffer, "Offer waiting for your answer", "A review offer is still waiting for your answer. Please accept or decline it before it expires.", "assignments/{assignmentId}", true),
        new(NotificationKind.ReminderOpinion, "Opinion due", "Your opinion on a case you accepted is due soon. Please submit it.", "assignments/{assignmentId}", true),
        new(NotificationKind.ReminderIntake, "Records needed", "Your case is waiting for your records. Please upload them and submit the case.", "cases/{caseId}", false),
        new(NotificationKind.Escalation, "Case escalated", "A case needs attention from operations. Please review its escalations.", "ops/escalations?caseId={caseId}", false),
        new(NotificationKind.SignoffRequest, "Report awaiting sign-off", "A draft report is waiting for your sign-off. Please review it and sign, return or add a reviewer.", "director/cases/{caseId}", false),
        new(NotificationKind.ReminderSignoff, "Sign-off due soon", "A draft report is still waiting for your sign-off. Please sign, return or add a reviewer before it is due.", "director/cases/{caseId}", false),
        new(NotificationKind.RevisionRequest, "Question from the medical director", "The medical director returned a report you reviewed with a question. Please read it and revise or confirm your opinion.", "assignments/{assignmentId}", true),
        new(NotificationKind.ReportReady, "Report ready", "The second-opinion report on a case is ready. Please sign in to read it.", "cases/{caseId}/report", false),
        new(NotificationKind.FollowupQuestion, "Follow-up question", "A follow-up question on a case you reviewed is waiting for your answer. Please answer it.", "assignments/{assignmentId}", true),
        new(NotificationKind.FollowupAnswer, "Follow-up answered", "A follow-up question on a case has been answered. Please sign in to read the answer.", "cases/{caseId}/report", false),
        new(NotificationKind.CaseCancelled, "Case cancelled", "A case you are involved in has been cancelled. Please sign in to see its status.", "cases/{caseId}", false),
        new(NotificationKind.AssignmentWithdrawn, "Assignment withdrawn", "Operations withdrew a review assignment of yours. No action is needed: it no longer counts towards your active cases.", "assignments/{assignmentId}", true),
        new(NotificationKind.RecordsNeeded, "Readable records needed", "None of the records on a case could be read. Please see the reason shown for each file, upload readable copies and submit the case again.", "cases/{caseId}", false),
        new(NotificationKind.RecordUnreadable, "A record could not be read", "One of the records sent for your case could not be read. Please sign in to see why and what to do, and upload a readable copy.", "cases/{caseId}", false),
    ];

    public static NotificationKindInfo Of(NotificationKind kind) =>
        Catalogue.FirstOrDefault(k => k.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not in the notification catalogue.");
}
