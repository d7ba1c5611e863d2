using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Intake;

/// <summary>
/// Cases as the product reads them: one case by id, the ops board by due time (open cases, or those
/// closed in one month), a patient's or a hospital's own cases, and the keys that make case creation idempotent.
/// </summary>
public interface ICaseRepository
{
    Task<CaseFile?> FindAsync(string caseId, CancellationToken ct = default);

    /// <summary>Stores a new case (and its board row); false when the id is taken.</summary>
    Task<bool> TryCreateAsync(CaseFile caseFile, CancellationToken ct = default);

    /// <summary>Read-modify-write under optimistic concurrency; the board row follows the case.</summary>
    Task<CaseFile> UpdateAsync(string caseId, Func<CaseFile, CaseFile> change, CancellationToken ct = default);

    /// <summary>Open cases by due time (soonest first), optionally of one stage.</summary>
    Task<Page<CaseSummary>> OpenByDueTimeAsync(CaseStage? stage, PageRequest page, CancellationToken ct = default);

    /// <summary>Cases completed, expired or cancelled in one calendar month (UTC), by due time.</summary>
    Task<Page<CaseSummary>> ClosedInMonthAsync(int year, int month, PageRequest page, CancellationToken ct = default);

    /// <summary>
    /// One party's own cases, newest first (<see cref="CaseParties"/>: the patient who created them, or
    /// the hospital that referred them). Written with each case, so it lists what that case's latest
    /// write said.
    /// </summary>
    Task<Page<CaseListItem>> OfPartyAsync(string party, PageRequest page, CancellationToken ct = default);

    Task<IReadOnlyList<string>> CaseIdsOfPatientAsync(string subject, CancellationToken ct = default);

    Task AddToPatientAsync(string subject, string caseId, CancellationToken ct = default);

    /// <summary>Claims an idempotency key for a case creation; returns the earlier claim when there is one. Keys expire.</summary>
    Task<IdempotencyClaim?> ClaimIdempotencyKeyAsync(string subject, IdempotencyClaim claim, CancellationToken ct = default);
}

/// <summary>An Idempotency-Key (hashed) and the case and request it was first used for.</summary>
public sealed record IdempotencyClaim(string Key, string CaseId, string RequestHash);

public static class CaseRepositoryExtensions
{
    public static async Task<CaseFile> GetAsync(this ICaseRepository cases, string caseId, CancellationToken ct = default) =>
        await cases.FindAsync(caseId, ct) ?? throw new KeyNotFoundException($"Case {caseId} not found.");

    /// <summary>
    /// Writes a workflow step's timeline entry once: <paramref name="write"/> must add an entry with
    /// <paramref name="key"/>, and a retried step finds it by that key and writes nothing. Returns when
    /// the entry was written and whether this call wrote it.
    /// </summary>
    public static async Task<(DateTimeOffset At, bool First)> RecordStepAsync(this ICaseRepository cases, string caseId, string key, Func<CaseFile, CaseFile> write, CancellationToken ct = default)
    {
        var first = false;
        var updated = await cases.UpdateAsync(caseId, c =>
        {
            first = !c.HasStep(key); // decided on each attempt of the conditional write
            return first ? write(c) : c;
        }, ct);
        var entry = updated.Timeline.FirstOrDefault(t => t.Key == key)
            ?? throw new InvalidOperationException($"The step {key} wrote no timeline entry with its key.");
        return (entry.At, first);
    }
}

public static class CaseIds
{
    /// <summary>"c" (patient) or "h" (hospital) and 16 hex digits; anything else names no case.</summary>
    public static bool IsWellFormed(string? caseId) =>
        caseId is { Length: 17 } && (caseId[0] is 'c' or 'h') && caseId.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>Case ids are short and unguessable; assignment ids derive from them.</summary>
    public static string New() => "c" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
}
