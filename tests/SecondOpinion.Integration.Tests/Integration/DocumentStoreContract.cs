using System.Text.Json;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> adapter must show, run against each of them
/// (SQLite locally, Cosmos DB in Azure). A subclass supplies a fresh, empty store per test.
/// </summary>
public abstract class DocumentStoreContract : IAsyncLifetime
{
    protected sealed record Counter(string Id, int Value);

    protected enum Priority { Routine, Urgent, StatOrder }

    protected sealed record Finding(string Code, Priority Priority, IReadOnlyList<string> Notes);

    protected sealed record Chart(
        string Id,
        Priority Priority,
        DateTimeOffset ReceivedAt,
        DateOnly BornOn,
        DateTime? ClosedAt,
        IReadOnlyList<Finding> Findings,
        IReadOnlyList<IReadOnlyList<int>> Grid,
        IReadOnlyDictionary<string, string> Tags,
        string? Missing = null);

    private IDocumentStore? store;

    protected IDocumentStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>A new store with no documents in it.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task create_succeeds_once_per_id_and_partition()
    {
        Assert.True(await Store.TryCreateAsync("c", "p1", "a", new Counter("a", 1)));
        Assert.False(await Store.TryCreateAsync("c", "p1", "a", new Counter("a", 2)));
        Assert.True(await Store.TryCreateAsync("c", "p2", "a", new Counter("a", 3)));
        Assert.True(await Store.TryCreateAsync("other", "p1", "a", new Counter("a", 4)));

        Assert.Equal(1, (await Store.ReadAsync<Counter>("c", "p1", "a"))!.Value.Value);
        Assert.Equal(3, (await Store.ReadAsync<Counter>("c", "p2", "a"))!.Value.Value);
        Assert.Equal(4, (await Store.ReadAsync<Counter>("other", "p1", "a"))!.Value.Value);
    }

    [Fact]
    public async Task reading_a_missing_document_returns_null()
    {
        Assert.Null(await Store.ReadAsync<Counter>("c", "p", "nobody"));
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        Assert.Null(await Store.ReadAsync<Counter>("c", "p", "b"));
        Assert.Null(await Store.ReadAsync<Counter>("c", "elsewhere", "a"));
        Assert.Null(await Store.ReadAsync<Counter>("other", "p", "a"));
    }

    [Fact]
    public async Task reads_return_an_etag_that_changes_on_every_write()
    {
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        var first = (await Store.ReadAsync<Counter>("c", "p", "a"))!;
        Assert.False(string.IsNullOrEmpty(first.ETag));

        var written = await Store.UpsertAsync("c", "p", "a", new Counter("a", 2), first.ETag);
        var second = (await Store.ReadAsync<Counter>("c", "p", "a"))!;
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(written, second.ETag);

        await Store.UpsertAsync("c", "p", "a", new Counter("a", 3));
        Assert.NotEqual(second.ETag, (await Store.ReadAsync<Counter>("c", "p", "a"))!.ETag);
    }

    [Fact]
    public async Task an_unconditional_upsert_creates_and_then_overwrites()
    {
        await Store.UpsertAsync("c", "p", "a", new Counter("a", 1));
        Assert.Equal(1, (await Store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
        await Store.UpsertAsync("c", "p", "a", new Counter("a", 2));
        Assert.Equal(2, (await Store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
        Assert.Single(await Store.ListAsync<Counter>("c", "p"));
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict_and_the_newer_write_survives()
    {
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        var read = (await Store.ReadAsync<Counter>("c", "p", "a"))!;
        await Store.UpsertAsync("c", "p", "a", new Counter("a", 2), read.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpsertAsync("c", "p", "a", new Counter("a", 3), read.ETag));
        Assert.Equal(2, (await Store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    [Fact]
    public async Task a_conditional_write_to_a_missing_document_is_a_conflict()
    {
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        var read = (await Store.ReadAsync<Counter>("c", "p", "a"))!;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.UpsertAsync("c", "p", "b", new Counter("b", 2), read.ETag));
        Assert.Null(await Store.ReadAsync<Counter>("c", "p", "b"));
    }

    [Fact]
    public async Task concurrent_updates_are_all_applied()
    {
        const int Writers = 15;
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 0));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ =>
            Task.Run(() => Store.UpdateAsync<Counter>("c", "p", "a", c => c with { Value = c.Value + 1 }))));

        Assert.Equal(Writers, (await Store.ReadAsync<Counter>("c", "p", "a"))!.Value.Value);
    }

    [Fact]
    public async Task updating_a_missing_document_throws()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateAsync<Counter>("c", "p", "nobody", c => c));
    }

    [Fact]
    public async Task lists_one_partition_by_id_and_nothing_else()
    {
        await Store.TryCreateAsync("c", "p2", "c", new Counter("c", 3));
        await Store.TryCreateAsync("c", "p1", "b", new Counter("b", 2));
        await Store.TryCreateAsync("c", "p1", "a", new Counter("a", 1));
        await Store.TryCreateAsync("other", "p1", "z", new Counter("z", 9));

        Assert.Equal(["a", "b"], (await Store.ListAsync<Counter>("c", "p1")).Select(c => c.Id));
        Assert.Equal(["c"], (await Store.ListAsync<Counter>("c", "p2")).Select(c => c.Id));
        Assert.Equal(["z"], (await Store.ListAsync<Counter>("other", "p1")).Select(c => c.Id));
        Assert.Empty(await Store.ListAsync<Counter>("c", "p3"));
    }

    [Fact]
    public async Task listing_an_empty_or_unknown_container_returns_nothing()
    {
        Assert.Empty(await Store.ListAsync<Counter>("empty", "p"));
        Assert.Empty((await Store.QueryAsync<Row>(new PartitionQuery("empty", "p", PageRequest.First))).Items);
    }

    protected sealed record Row(string Id, string Status, bool Open, string SortKey);

    private async Task<List<Row>> SeedRowsAsync()
    {
        var rows = new List<Row>();
        for (var i = 0; i < 23; i++)
        {
            var id = $"r{i:D2}";
            // Keys inserted out of order: the store orders them, not the insertion.
            var row = new Row(id, i % 3 == 0 ? "completed" : i % 3 == 1 ? "offered" : "accepted", i % 2 == 0, DocumentStoreExtensions.SortKey(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes((i * 7) % 23), id));
            rows.Add(row);
            await Store.TryCreateAsync("q", "p1", id, row);
        }
        await Store.TryCreateAsync("q", "p2", "x", new Row("x", "offered", true, "0000|x"));
        await Store.TryCreateAsync("elsewhere", "p1", "y", new Row("y", "offered", true, "0000|y"));
        return rows;
    }

    private async Task<List<Row>> AllPagesAsync(PartitionQuery query)
    {
        var seen = new List<Row>();
        var page = query.Page;
        for (var pages = 0; pages < 100; pages++)
        {
            var result = await Store.QueryAsync<Row>(query with { Page = page });
            Assert.True(result.Items.Count <= page.Size);
            seen.AddRange(result.Items);
            if (result.ContinuationToken is null) return seen;
            Assert.NotEmpty(result.Items);
            page = page with { ContinuationToken = result.ContinuationToken };
        }
        throw new InvalidOperationException("Paging did not end.");
    }

    [Fact]
    public async Task a_partition_query_filters_orders_by_sort_key_and_pages_with_continuation_tokens()
    {
        var rows = await SeedRowsAsync();
        var active = new PartitionQuery("q", "p1", new PageRequest(4)) { Filters = [new FieldFilter("status", ["offered", "accepted"])] };

        var paged = await AllPagesAsync(active);
        var expected = rows.Where(r => r.Status != "completed").OrderBy(r => r.SortKey, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(r => r.Id), paged.Select(r => r.Id));

        var newestFirst = await AllPagesAsync(active with { Descending = true });
        Assert.Equal(expected.Select(r => r.Id).Reverse(), newestFirst.Select(r => r.Id));

        // A page exactly as long as what is left ends without a token.
        var exact = await Store.QueryAsync<Row>(new PartitionQuery("q", "p1", new PageRequest(rows.Count)));
        Assert.Equal(rows.Count, exact.Items.Count);
        Assert.Null(exact.ContinuationToken);
    }

    [Fact]
    public async Task a_partition_query_filters_on_booleans_and_on_several_fields()
    {
        var rows = await SeedRowsAsync();
        var open = await AllPagesAsync(new PartitionQuery("q", "p1", new PageRequest(50)) { Filters = [FieldFilter.Is("open", true)] });
        Assert.Equal(rows.Where(r => r.Open).OrderBy(r => r.SortKey, StringComparer.Ordinal).Select(r => r.Id), open.Select(r => r.Id));

        var openOffers = await AllPagesAsync(new PartitionQuery("q", "p1", new PageRequest(3)) { Filters = [FieldFilter.Is("open", false), FieldFilter.Is("status", "offered")] });
        Assert.Equal(rows.Where(r => !r.Open && r.Status == "offered").OrderBy(r => r.SortKey, StringComparer.Ordinal).Select(r => r.Id), openOffers.Select(r => r.Id));
        Assert.DoesNotContain(open, r => r.Id is "x" or "y");
    }

    [Fact]
    public async Task a_continuation_token_that_the_store_did_not_issue_is_refused()
    {
        await SeedRowsAsync();
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            Store.QueryAsync<Row>(new PartitionQuery("q", "p1", new PageRequest(5, "not base64 !"))));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            Store.QueryAsync<Row>(new PartitionQuery("q", "p1", new PageRequest(5, "bm9waXBl"))));
    }

    [Fact]
    public async Task delete_removes_one_document_and_deleting_again_is_harmless()
    {
        await Store.TryCreateAsync("c", "p", "a", new Counter("a", 1));
        await Store.TryCreateAsync("c", "p", "b", new Counter("b", 2));
        await Store.DeleteAsync("c", "p", "a");
        await Store.DeleteAsync("c", "p", "a");
        await Store.DeleteAsync("c", "elsewhere", "b");
        Assert.Null(await Store.ReadAsync<Counter>("c", "p", "a"));
        Assert.Equal(["b"], (await Store.ListAsync<Counter>("c", "p")).Select(c => c.Id));
        Assert.True(await Store.TryCreateAsync("c", "p", "a", new Counter("a", 3)));
    }

    [Fact]
    public async Task lists_more_documents_than_one_page()
    {
        // More than the server's default page (100 in Cosmos): the adapter must follow continuations.
        const int Count = 130;
        foreach (var i in Enumerable.Range(0, Count))
            await Store.TryCreateAsync("many", i % 2 == 0 ? "even" : "odd", $"{i:D3}", new Counter($"{i:D3}", i));

        Assert.Equal(Count / 2, (await Store.ListAsync<Counter>("many", "odd")).Count);
        var even = await Store.ListAsync<Counter>("many", "even");
        Assert.Equal(Count / 2, even.Count);
        Assert.All(even, c => Assert.Equal(0, c.Value % 2));
        Assert.Equal(even.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id), even.Select(c => c.Id));
    }

    [Theory]
    [InlineData("case/2024/7")]
    [InlineData("a#b?c")]
    [InlineData(@"back\slash")]
    [InlineData("100%")]
    [InlineData("~b64~looks-encoded")]
    [InlineData("ünïcødé ✓")]
    public async Task ids_with_reserved_characters_round_trip(string id)
    {
        Assert.True(await Store.TryCreateAsync("c", "p", id, new Counter(id, 1)));
        Assert.False(await Store.TryCreateAsync("c", "p", id, new Counter(id, 2)));
        var read = (await Store.ReadAsync<Counter>("c", "p", id))!;
        Assert.Equal(new Counter(id, 1), read.Value);
        await Store.UpsertAsync("c", "p", id, new Counter(id, 3), read.ETag);
        Assert.Equal([new Counter(id, 3)], await Store.ListAsync<Counter>("c", "p"));
    }

    [Fact]
    public async Task a_record_with_enums_dates_and_nested_lists_round_trips_through_the_project_json()
    {
        var chart = new Chart(
            "chart-1",
            Priority.StatOrder,
            new DateTimeOffset(2024, 2, 29, 23, 59, 58, 123, TimeSpan.FromHours(-5)),
            new DateOnly(1961, 8, 4),
            new DateTime(2024, 3, 1, 8, 30, 0, DateTimeKind.Utc),
            [
                new Finding("I10", Priority.Routine, ["essential", "since 2019"]),
                new Finding("E11.9", Priority.Urgent, []),
            ],
            [[1, 2, 3], [], [-4]],
            new Dictionary<string, string> { ["source"] = "hospital-drop", ["lang"] = "en" });

        Assert.True(await Store.TryCreateAsync("charts", "patient-1", chart.Id, chart));
        var read = (await Store.ReadAsync<Chart>("charts", "patient-1", chart.Id))!.Value;
        var listed = Assert.Single(await Store.ListAsync<Chart>("charts", "patient-1"));

        foreach (var copy in new[] { read, listed })
        {
            Assert.Equal(SecondOpinionJson.Serialize(chart), SecondOpinionJson.Serialize(copy));
            Assert.Equal(Priority.StatOrder, copy.Priority);
            Assert.Equal(chart.ReceivedAt, copy.ReceivedAt);
            Assert.Equal(chart.ReceivedAt.Offset, copy.ReceivedAt.Offset);
            Assert.Equal(chart.BornOn, copy.BornOn);
            Assert.Equal(chart.ClosedAt, copy.ClosedAt);
            Assert.Equal(["essential", "since 2019"], copy.Findings[0].Notes);
            Assert.Equal(Priority.Urgent, copy.Findings[1].Priority);
            Assert.Empty(copy.Findings[1].Notes);
            Assert.Equal([3, 0, 1], copy.Grid.Select(row => row.Count));
            Assert.Equal("hospital-drop", copy.Tags["source"]);
            Assert.Null(copy.Missing);
        }

        // The store keeps the project's JSON shape (kebab-case enum names), so other readers agree.
        using var json = JsonDocument.Parse(SecondOpinionJson.Serialize(read));
        Assert.Equal("stat-order", json.RootElement.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task listing_orders_by_the_real_id_even_when_an_id_needs_encoding()
    {
        foreach (var id in new[] { "c", "a/b", "b" }) await Store.TryCreateAsync("ordered", "p", id, new Counter(id, 0));
        Assert.Equal(["a/b", "b", "c"], (await Store.ListAsync<Counter>("ordered", "p")).Select(c => c.Id));
    }
}
