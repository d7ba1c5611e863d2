using SecondOpinion.Core.Audit;

namespace SecondOpinion.Core.Tests.Audit;

public sealed class AuditChainVerifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static List<AuditEntry> Chain(string chain, int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChains.Genesis(chain);
        for (var i = 1; i <= count; i++)
        {
            var draft = new AuditEntry(AuditEntry.IdFor(chain, i), chain, i, chain, "patient-1", "patient", AuditActions.CaseRead, $"cases/{chain}",
                AuditOutcome.Success, T0.AddMinutes(i), "127.0.0.1", null, null, previous, "");
            var entry = draft with { Hash = draft.ComputeHash() };
            entries.Add(entry);
            previous = entry.Hash;
        }
        return entries;
    }

    [Fact]
    public void an_untouched_chain_verifies()
    {
        var trail = AuditChainVerifier.Verify("c1", Chain("c1", 5), new AuditChainHead("c1", 5, "x"));
        Assert.True(trail.Verified);
        Assert.Null(trail.BrokenAtSequence);
    }

    [Fact]
    public void an_edited_entry_breaks_the_chain_at_that_entry()
    {
        var entries = Chain("c1", 5);
        entries[2] = entries[2] with { Actor = "someone-else" };
        var trail = AuditChainVerifier.Verify("c1", entries, null);
        Assert.False(trail.Verified);
        Assert.Equal(3, trail.BrokenAtSequence);
        Assert.Contains("altered", trail.Problem);
    }

    [Fact]
    public void an_entry_edited_with_a_recomputed_hash_breaks_the_link_to_the_next()
    {
        var entries = Chain("c1", 5);
        var edited = entries[1] with { Outcome = AuditOutcome.Forbidden };
        entries[1] = edited with { Hash = edited.ComputeHash() };
        var trail = AuditChainVerifier.Verify("c1", entries, null);
        Assert.False(trail.Verified);
        Assert.Equal(3, trail.BrokenAtSequence);
    }

    [Fact]
    public void a_removed_entry_or_a_truncated_tail_is_detected()
    {
        var entries = Chain("c1", 5);
        var gap = entries.Where(e => e.Sequence != 2).ToList();
        Assert.Equal(2, AuditChainVerifier.Verify("c1", gap, null).BrokenAtSequence);

        var truncated = entries.Take(4).ToList();
        var trail = AuditChainVerifier.Verify("c1", truncated, new AuditChainHead("c1", 5, entries[4].Hash));
        Assert.False(trail.Verified);
        Assert.Equal(5, trail.BrokenAtSequence);
    }

    [Fact]
    public void an_entry_moved_from_another_chain_is_detected()
    {
        var entries = Chain("c1", 3);
        entries[1] = Chain("c2", 3)[1];
        Assert.False(AuditChainVerifier.Verify("c1", entries, null).Verified);
    }
}
