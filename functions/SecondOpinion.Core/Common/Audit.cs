namespace SecondOpinion.Core.Common;

/// <summary>Who did something: the authenticated subject and role.</summary>
public sealed record Caller(string Subject, string Role)
{
    public static readonly Caller System = new("system", Roles.System);
    public bool IsOps => Role == Roles.Ops;
}

public static class Roles
{
    public const string Patient = "patient";
    public const string Hospital = "hospital";
    public const string Specialist = "specialist";
    public const string Ops = "ops";
    public const string System = "system";
    public static readonly string[] Issuable = [Patient, Hospital, Specialist, Ops];
}

/// <summary>One read or disclosure of a record. Kept per case, never deleted.</summary>
public sealed record AuditEntry(string Id, string CaseId, string Actor, string ActorRole, string Action, string Resource, DateTimeOffset At);

public sealed class AuditLog(IDocumentStore store, TimeProvider clock)
{
    public async Task RecordAsync(string caseId, Caller caller, string action, string resource, CancellationToken ct = default)
    {
        var entry = new AuditEntry(Guid.NewGuid().ToString("N"), caseId, caller.Subject, caller.Role, action, resource, clock.GetUtcNow());
        await store.TryCreateAsync(Containers.Audit, caseId, entry.Id, entry, ct);
    }

    public Task<IReadOnlyList<AuditEntry>> ForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<AuditEntry>(Containers.Audit, caseId, ct);
}
