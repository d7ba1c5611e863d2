using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Workflow;

/// <summary>Typed access to cases and assignments over the document store.</summary>
public sealed class CaseStore(IDocumentStore store)
{
    public async Task<CaseFile?> FindAsync(string caseId, CancellationToken ct = default) =>
        (await store.ReadAsync<CaseFile>(Containers.Cases, caseId, caseId, ct))?.Value;

    public async Task<CaseFile> GetAsync(string caseId, CancellationToken ct = default) =>
        await FindAsync(caseId, ct) ?? throw new KeyNotFoundException($"Case {caseId} not found.");

    public Task<bool> TryCreateAsync(CaseFile caseFile, CancellationToken ct = default) =>
        store.TryCreateAsync(Containers.Cases, caseFile.Id, caseFile.Id, caseFile, ct);

    public Task<CaseFile> UpdateAsync(string caseId, Func<CaseFile, CaseFile> change, CancellationToken ct = default) =>
        store.UpdateAsync(Containers.Cases, caseId, caseId, change, ct);

    public Task<IReadOnlyList<CaseFile>> ListAsync(CancellationToken ct = default) => store.ListAsync<CaseFile>(Containers.Cases, null, ct);

    public async Task<Assignment?> FindAssignmentAsync(string caseId, string assignmentId, CancellationToken ct = default) =>
        (await store.ReadAsync<Assignment>(Containers.Assignments, caseId, assignmentId, ct))?.Value;

    public Task<IReadOnlyList<Assignment>> AssignmentsForCaseAsync(string caseId, CancellationToken ct = default) =>
        store.ListAsync<Assignment>(Containers.Assignments, caseId, ct);

    public Task<IReadOnlyList<Assignment>> AllAssignmentsAsync(CancellationToken ct = default) =>
        store.ListAsync<Assignment>(Containers.Assignments, null, ct);

    public Task<bool> TryCreateAssignmentAsync(Assignment assignment, CancellationToken ct = default) =>
        store.TryCreateAsync(Containers.Assignments, assignment.CaseId, assignment.Id, assignment, ct);

    public Task<Assignment> UpdateAssignmentAsync(string caseId, string assignmentId, Func<Assignment, Assignment> change, CancellationToken ct = default) =>
        store.UpdateAsync(Containers.Assignments, caseId, assignmentId, change, ct);

    /// <summary>"c" (patient) or "h" (hospital) and 16 hex digits; anything else names no case.</summary>
    public static bool IsWellFormedCaseId(string? caseId) =>
        caseId is { Length: 17 } && (caseId[0] is 'c' or 'h') && caseId.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>Case ids are short and unguessable; assignment ids derive from them.</summary>
    public static string NewCaseId() => "c" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
