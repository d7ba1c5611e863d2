using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Audit;

/// <summary>
/// One append-only audit entry. Entries form hash chains — one per case, and one
/// (<see cref="AuditChains.Platform"/>) for actions on no case — so editing, removing or reordering
/// any stored entry breaks verification of its chain (HIPAA 164.312(c): integrity).
/// </summary>
public sealed record AuditEntry(
    string Id,
    string Chain,
    long Sequence,
    string? CaseId,
    string Actor,
    string ActorRole,
    string Action,
    string Resource,
    AuditOutcome Outcome,
    DateTimeOffset At,
    string? SourceAddress,
    string? Purpose,
    string? Detail,
    string PreviousHash,
    string Hash)
{
    /// <summary>SHA-256 over every field but the hash itself, as a JSON array (unambiguous, order fixed).</summary>
    public string ComputeHash()
    {
        var fields = new object?[]
        {
            Id, Chain, Sequence, CaseId, Actor, ActorRole, Action, Resource, Outcome.ToString(),
            At.UtcTicks, SourceAddress, Purpose, Detail, PreviousHash,
        };
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields))).ToLowerInvariant();
    }

    public static string IdFor(string chain, long sequence) => $"{chain}-{sequence:D12}";
}

/// <summary>What is being audited, before it gets its place in a chain.</summary>
public sealed record AuditEvent(string Action, string Resource, AuditOutcome Outcome = AuditOutcome.Success, string? CaseId = null, string? Detail = null);

public static class AuditChains
{
    /// <summary>The chain for actions that concern no single case (directory, registry, refused requests).</summary>
    public const string Platform = "platform";

    public static string For(string? caseId) => caseId ?? Platform;

    /// <summary>The "previous hash" of a chain's first entry.</summary>
    public static string Genesis(string chain) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"secondopinion-audit-genesis:{chain}"))).ToLowerInvariant();
}

/// <summary>The newest entry of a chain, kept so appends need not read the chain.</summary>
public sealed record AuditChainHead(string Chain, long Sequence, string Hash);

/// <summary>A chain's entries and whether they verify.</summary>
public sealed record AuditTrail(string Chain, IReadOnlyList<AuditEntry> Entries, bool Verified, long? BrokenAtSequence, string? Problem);

/// <summary>Pure verification of a chain (no I/O).</summary>
public static class AuditChainVerifier
{
    public static AuditTrail Verify(string chain, IEnumerable<AuditEntry> stored, AuditChainHead? head)
    {
        var entries = stored.OrderBy(e => e.Sequence).ToList();
        var previous = AuditChains.Genesis(chain);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            string? problem = null;
            if (e.Sequence != i + 1) problem = $"entry {i + 1} is missing";
            else if (e.Chain != chain || e.Id != AuditEntry.IdFor(chain, e.Sequence)) problem = "entry belongs to another chain";
            else if (e.PreviousHash != previous) problem = "link to the previous entry is broken";
            else if (e.ComputeHash() != e.Hash) problem = "entry was altered after it was written";
            if (problem is not null) return new AuditTrail(chain, entries, false, i + 1, problem);
            previous = e.Hash;
        }
        if (head is not null && head.Sequence > entries.Count)
            return new AuditTrail(chain, entries, false, entries.Count + 1, $"the chain ends at {entries.Count} but {head.Sequence} entries were written");
        return new AuditTrail(chain, entries, true, null, null);
    }
}
