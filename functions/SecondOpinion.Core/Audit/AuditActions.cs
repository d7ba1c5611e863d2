namespace SecondOpinion.Core.Audit;

/// <summary>The one catalogue of audited actions (HIPAA 45 CFR 164.312(b): audit controls).</summary>
public static class AuditActions
{
    public const string CaseCreate = "case.create";
    public const string CaseRead = "case.read";
    public const string CaseIdentityRead = "case.identity.read";
    public const string CaseSubmit = "case.submit";
    /// <summary>A patient or hospital listed their own cases.</summary>
    public const string CaseList = "case.list";
    public const string DocumentUpload = "document.upload";
    /// <summary>An original record file was sent to a browser (by document id, never its name).</summary>
    public const string DocumentRead = "document.read";
    public const string ReportRead = "report.read";
    public const string ReportDownload = "report.download";
    public const string MaterialsDisclosed = "case.materials.disclosed";
    public const string AssignmentsList = "assignments.list";
    public const string AssignmentAccept = "assignment.accept";
    public const string AssignmentDecline = "assignment.decline";
    public const string OpinionSubmit = "opinion.submit";

    public const string SignOffQueueRead = "signoff.queue.read";
    /// <summary>The medical director read a case's opinions, consensus and evidence for sign-off.</summary>
    public const string SignOffPacketRead = "signoff.packet.read";
    public const string SignOffDecide = "signoff.decide";
    public const string TierRaise = "signoff.tier.raise";

    public const string FollowUpAsk = "followup.ask";
    public const string FollowUpRead = "followup.read";
    public const string FollowUpAnswer = "followup.answer";

    public const string BatchGranted = "hospital.batch.granted";
    public const string BatchAccepted = "hospital.batch.accepted";
    public const string BatchQuarantined = "hospital.batch.quarantined";

    public const string OpsCasesList = "ops.cases.list";
    public const string OpsEscalationsList = "ops.escalations.list";
    public const string EscalationResolve = "escalation.resolve";
    public const string SpecialistUpsert = "directory.specialist.upsert";
    public const string SpecialistsRead = "directory.specialists.read";
    public const string HospitalUpsert = "registry.hospital.upsert";
    public const string HospitalsRead = "registry.hospitals.read";
    public const string AuditRead = "audit.read";
    public const string OpsNotificationsList = "ops.notifications.list";
    /// <summary>Operations listed the quarantined hospital drops (reasons and counts, no file contents).</summary>
    public const string OpsQuarantineList = "ops.quarantine.list";

    /// <summary>Operations read a case's panel: seats, reviewers, backups, offers and who the matcher left out.</summary>
    public const string OpsPanelRead = "ops.case.panel.read";
    /// <summary>Operations read the durable runtime status and the step history of a case's workflow.</summary>
    public const string OpsWorkflowRead = "ops.case.workflow.read";
    public const string CaseSuspend = "ops.case.suspend";
    public const string CaseResume = "ops.case.resume";
    public const string CaseCancel = "ops.case.cancel";
    public const string AssignmentWithdraw = "ops.assignment.withdraw";
    public const string SeatReassign = "ops.seat.reassign";
    public const string CaseRestart = "ops.case.restart";
    public const string SeatAdd = "ops.seat.add";

    /// <summary>A signed-in user read their own in-app notifications (ops and the director: their role's mailbox).</summary>
    public const string NotificationsList = "notifications.list";

    public const string TokenIssued = "dev-token.issued";

    /// <summary>A request refused before it reached a resource (401 or 403); the route is the resource.</summary>
    public const string AccessRefused = "access.refused";
}

/// <summary>How an audited attempt ended.</summary>
public enum AuditOutcome
{
    Success,
    /// <summary>401: no token, or a token that failed validation.</summary>
    Unauthenticated,
    /// <summary>403: a valid token whose role may not use the route.</summary>
    Forbidden,
    /// <summary>404 given for a resource that exists but is not the caller's.</summary>
    NotYours,
    /// <summary>429: over the caller's write budget.</summary>
    RateLimited,
}
