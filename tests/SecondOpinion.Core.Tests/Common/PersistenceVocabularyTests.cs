using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Tests.Common;

public sealed class PersistenceVocabularyTests
{
    [Theory]
    [InlineData(null, null, 50, null)]
    [InlineData("1", "", 1, null)]
    [InlineData("200", "abc", 200, "abc")]
    public void page_requests_parse_the_size_and_token_as_sent(string? size, string? token, int expectedSize, string? expectedToken)
    {
        var page = PageRequest.TryParse(size, token, out var errors);
        Assert.Null(errors);
        Assert.Equal(new PageRequest(expectedSize, expectedToken), page);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("1e2")]
    public void a_page_size_out_of_range_is_refused_with_its_bounds(string size)
    {
        Assert.Null(PageRequest.TryParse(size, null, out var errors));
        Assert.Contains("1 to 200", Assert.Single(errors!["pageSize"]));
    }

    [Fact]
    public void an_oversized_continuation_token_is_refused()
    {
        Assert.Null(PageRequest.TryParse(null, new string('x', 513), out var errors));
        Assert.True(errors!.ContainsKey("continuationToken"));
    }

    [Theory]
    [InlineData("c0123456789abcdef-sla-breached", "c0123456789abcdef")]
    [InlineData("c0123456789abcdef-seat-1-1-overdue", "c0123456789abcdef")]
    [InlineData("b0123456789abcdef0123-quarantined", "b0123456789abcdef0123")]
    [InlineData("no-prefix", "no")]
    [InlineData("nodash", "")]
    [InlineData("-leading", "")]
    public void an_escalation_id_names_the_partition_it_lives_in(string id, string partition) =>
        Assert.Equal(partition, EscalationIds.PartitionOf(id));

    [Theory]
    [InlineData(null, "1.0", true)]
    [InlineData("", "2.0", false)]
    [InlineData("1.0", "2.0", false)]
    [InlineData("2.0", "2.0", true)]
    [InlineData("2.1", "2.0", true)]
    [InlineData("10.0", "2.0", true)]
    public void unversioned_instances_count_as_the_first_version(string? instance, string version, bool atLeast) =>
        Assert.Equal(atLeast, CaseWorkflowVersions.AtLeast(instance, version));

    [Fact]
    public void events_outside_the_catalogue_or_without_an_id_cannot_be_made()
    {
        Assert.Throws<ArgumentException>(() => new IntegrationEvent("x", "case.created", "c1", DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => new IntegrationEvent(" ", EventTypes.CaseCreated, "c1", DateTimeOffset.UnixEpoch));
        var e = new IntegrationEvent(EventIds.For("c1", "created"), EventTypes.CaseCreated, "c1", DateTimeOffset.UnixEpoch);
        Assert.Equal("case-c1:created", e.Id);
        Assert.Equal("batch-b0123456789abcdef0123:escalation:x", EventIds.For("b0123456789abcdef0123", "escalation:x"));
        Assert.Empty(e.Data);
        Assert.Equal(EventTypes.Catalogue.Count, EventTypes.Catalogue.Select(c => c.Type).Distinct().Count());
        Assert.All(EventTypes.Catalogue, c => Assert.StartsWith("secondopinion.", c.Type, StringComparison.Ordinal));
    }

    [Fact]
    public void enum_names_are_written_as_the_json_writes_them()
    {
        Assert.Equal("completed", EnumNames.Of(CaseStage.Completed));
        Assert.Equal("offered", EnumNames.Of(AssignmentStatus.Offered));
        Assert.Equal($"\"{EnumNames.Of(ReminderKind.Opinion)}\"", SecondOpinionJson.Serialize(ReminderKind.Opinion));
    }

    [Fact]
    public void case_ids_are_well_formed_and_unguessable()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => CaseIds.New()).ToList();
        Assert.All(ids, id => Assert.True(CaseIds.IsWellFormed(id)));
        Assert.Equal(100, ids.Distinct().Count());
        Assert.False(CaseIds.IsWellFormed("c0123456789ABCDEF"));
        Assert.False(CaseIds.IsWellFormed("x0123456789abcdef"));
        Assert.False(CaseIds.IsWellFormed("c0123456789abcde"));
    }
}
