using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Audit;

/// <summary>
/// Appends audit entries to their chain. The store decides races: an entry's id is its place in the
/// chain, so two writers cannot both take place N; the loser reads the winner's hash and moves on.
/// The head document only saves reading the chain; a head left behind by a crash is caught up.
/// </summary>
public sealed class AuditLog(IAuditRepository store, TimeProvider clock)
{
    public Task<AuditEntry> RecordAsync(string caseId, Caller caller, string action, string resource, CancellationToken ct = default) =>
        RecordAsync(caller, new AuditEvent(action, resource, CaseId: caseId), ct);

    public async Task<AuditEntry> RecordAsync(Caller caller, AuditEvent what, CancellationToken ct = default)
    {
        var chain = AuditChains.For(what.CaseId);
        for (var attempt = 1; ; attempt++)
        {
            var head = await store.HeadAsync(chain, ct);
            var sequence = (head?.Value.Sequence ?? 0) + 1;
            var previous = head?.Value.Hash ?? AuditChains.Genesis(chain);
            var draft = new AuditEntry(AuditEntry.IdFor(chain, sequence), chain, sequence, what.CaseId, caller.Subject, caller.Role,
                what.Action, what.Resource, what.Outcome, clock.GetUtcNow(), caller.SourceAddress, caller.Purpose, what.Detail, previous, "");
            var entry = draft with { Hash = draft.ComputeHash() };
            var written = await store.TryAppendAsync(entry, ct);
            var taken = written ? entry : (await store.EntryAsync(chain, entry.Id, ct))!;
            await store.AdvanceHeadAsync(new AuditChainHead(chain, sequence, taken.Hash), head?.ETag, ct);
            if (written) return entry;
            if (attempt >= 100) throw new InvalidOperationException($"Could not append to audit chain {chain}.");
        }
    }

    public async Task<AuditTrail> ChainAsync(string chain, CancellationToken ct = default)
    {
        var entries = await store.EntriesAsync(chain, ct);
        var head = await store.HeadAsync(chain, ct);
        return AuditChainVerifier.Verify(chain, entries, head?.Value);
    }
}
