namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// The one place that knows the store's containers: each one's partition key, chosen for the reads
/// the product makes (infra/modules/cosmos.bicep declares the same containers and indexes).
/// Views (board, by-specialist, open) are written by the same repository call as their source
/// document; a view that only lists work in progress stays as small as the work in progress.
/// </summary>
public static class Containers
{
    public const string Cases = "cases";                        // pk: case id
    public const string CaseBoard = "case-board";               // pk: "open", or "closed-{yyyy-MM}"; by due time
    public const string PatientCases = "patient-cases";         // pk: patient subject (their case ids)
    public const string CasesByParty = "cases-by-party";        // pk: "patient:{subject}" or "hospital:{id}"; newest first
    public const string IdempotencyKeys = "idempotency";        // pk: caller subject; expires (TTL)
    public const string Assignments = "assignments";            // pk: case id
    public const string SpecialistAssignments = "specialist-assignments"; // pk: "{specialist}:active" or "{specialist}:closed"; by status, then offer time
    public const string Specialists = "specialists";            // pk: "directory"
    public const string Hospitals = "hospitals";                // pk: "registry"
    public const string Escalations = "escalations";            // pk: case id (or batch id) = the escalation id's prefix
    public const string OpenEscalations = "escalations-open";   // pk: "open"; by age; removed when resolved
    public const string Audit = "audit";                        // pk: audit chain (case id, or "platform")
    public const string AuditHeads = "audit-heads";             // pk: audit chain
    public const string Batches = "batches";                    // pk: batch id (the grant, then the batch's state)
    public const string OpenBatches = "batches-open";           // pk: "open"; removed when the batch is finished
    public const string Notifications = "notifications";        // pk: case id (the ops view); oldest first
    public const string RecipientNotifications = "notifications-by-recipient"; // pk: "{audience}:{recipient id}" (the in-app list); newest first
    public const string PendingNotifications = "notifications-pending";         // pk: "pending"; by next attempt; removed when delivered or failed

    public const string OpenPartition = "open";
    public const string DirectoryPartition = "directory";
    public const string RegistryPartition = "registry";
    public const string PendingPartition = "pending";

    /// <summary>The field every paged view orders by (unique: it ends with the document id).</summary>
    public const string SortKeyField = "sortKey";

    /// <summary>Idempotency keys are kept long enough for any client retry, then expire.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromDays(7);

    public static readonly string[] All =
        [Cases, CaseBoard, PatientCases, CasesByParty, IdempotencyKeys, Assignments, SpecialistAssignments, Specialists, Hospitals, Escalations, OpenEscalations, Audit, AuditHeads, Batches, OpenBatches,
         Notifications, RecipientNotifications, PendingNotifications];

    /// <summary>
    /// The filter field that each query of this container pins to one value and orders by before the
    /// sort key (Cosmos serves "equality filter + ORDER BY" from a composite index on both).
    /// </summary>
    public static string? EqualityOrderedField(string container) => container == SpecialistAssignments ? "status" : null;

    /// <summary>Containers whose documents expire, and after how long.</summary>
    public static TimeSpan? TimeToLive(string container) => container == IdempotencyKeys ? IdempotencyKeyLifetime : null;
}
