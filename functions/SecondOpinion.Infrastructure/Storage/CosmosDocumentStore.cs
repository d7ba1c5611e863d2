using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// The cloud state adapter: Cosmos DB (NoSQL API). One Cosmos container per logical container,
/// partitioned on <c>/pk</c>; each document is stored as <c>{ id, pk, body }</c> so the domain
/// records keep their own shape and names. Same semantics as <see cref="SqliteDocumentStore"/>.
/// Every query names its partition; the request charge of each operation is recorded as a metric.
/// </summary>
public sealed class CosmosDocumentStore : IDocumentStore
{
    public const string DefaultDatabase = "secondopinion";
    public const string PartitionKeyPath = "/pk";
    private const string EncodedIdMarker = "~b64~";

    private static readonly ItemRequestOptions NoContentOnWrite = new() { EnableContentResponseOnWrite = false };

    private readonly CosmosClient client;
    private readonly string databaseName;
    private readonly bool createIfNotExists;
    private readonly ConcurrentDictionary<string, Lazy<Task<Container>>> containers = new(StringComparer.Ordinal);

    /// <param name="createIfNotExists">
    /// Create the database and containers on first use. For local servers and tests only: in Azure the
    /// containers come from infra/ and the app's data-plane role may not create them.
    /// </param>
    public CosmosDocumentStore(CosmosClient client, string databaseName = DefaultDatabase, bool createIfNotExists = false)
    {
        this.client = client;
        this.databaseName = databaseName;
        this.createIfNotExists = createIfNotExists;
    }

    /// <summary>Client options with the project's one serializer setup (System.Text.Json).</summary>
    public static CosmosClientOptions ClientOptions(ConnectionMode mode = ConnectionMode.Direct) => new()
    {
        ConnectionMode = mode,
        UseSystemTextJsonSerializerWithOptions = SecondOpinionJson.Options,
        ApplicationName = "SecondOpinion",
    };

    public async Task<StoredDocument<T>?> ReadAsync<T>(string container, string partitionKey, string id, CancellationToken ct = default)
    {
        var target = await ContainerAsync(container);
        try
        {
            var response = await target.ReadItemAsync<Envelope<T>>(CosmosId(id), new PartitionKey(partitionKey), cancellationToken: ct);
            Charge(container, "read", response.RequestCharge);
            return new StoredDocument<T>(response.Resource.Body, response.ETag);
        }
        catch (CosmosException ex) when (IsMissingItem(ex))
        {
            Charge(container, "read", ex.RequestCharge);
            return null;
        }
    }

    /// <summary>Every operation's request units, as a metric per container and operation.</summary>
    private static void Charge(string container, string operation, double requestUnits) =>
        Telemetry.StoreRequestCharge.Record(requestUnits, new("container", container), new("operation", operation));

    public async Task<bool> TryCreateAsync<T>(string container, string partitionKey, string id, T value, CancellationToken ct = default)
    {
        var target = await ContainerAsync(container);
        try
        {
            var response = await target.CreateItemAsync(new Envelope<T>(CosmosId(id), partitionKey, value), new PartitionKey(partitionKey), NoContentOnWrite, ct);
            Charge(container, "create", response.RequestCharge);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            Charge(container, "create", ex.RequestCharge);
            return false;
        }
    }

    public async Task<string> UpsertAsync<T>(string container, string partitionKey, string id, T value, string? ifMatch = null, CancellationToken ct = default)
    {
        var target = await ContainerAsync(container);
        var document = new Envelope<T>(CosmosId(id), partitionKey, value);
        if (ifMatch is null)
        {
            var upserted = await target.UpsertItemAsync(document, new PartitionKey(partitionKey), NoContentOnWrite, ct);
            Charge(container, "upsert", upserted.RequestCharge);
            return upserted.ETag;
        }
        try
        {
            var options = new ItemRequestOptions { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false };
            var replaced = await target.ReplaceItemAsync(document, document.Id, new PartitionKey(partitionKey), options, ct);
            Charge(container, "replace", replaced.RequestCharge);
            return replaced.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed || IsMissingItem(ex))
        {
            // A conditional write on a document that changed, or vanished, since it was read (as in SQLite).
            throw new ConcurrencyConflictException(container, id);
        }
    }

    public async Task DeleteAsync(string container, string partitionKey, string id, CancellationToken ct = default)
    {
        var target = await ContainerAsync(container);
        try
        {
            var response = await target.DeleteItemAsync<object>(CosmosId(id), new PartitionKey(partitionKey), NoContentOnWrite, ct);
            Charge(container, "delete", response.RequestCharge);
        }
        catch (CosmosException ex) when (IsMissingItem(ex) || ex.StatusCode == HttpStatusCode.NotFound)
        {
            Charge(container, "delete", ex.RequestCharge);
        }
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string container, string partitionKey, CancellationToken ct = default)
    {
        var target = await ContainerAsync(container);
        var query = new QueryDefinition("SELECT c.id, c.pk, c.body FROM c WHERE c.pk = @pk").WithParameter("@pk", partitionKey);
        var documents = new List<Envelope<T>>();
        using var feed = target.GetItemQueryIterator<Envelope<T>>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) });
        while (feed.HasMoreResults)
        {
            var page = await feed.ReadNextAsync(ct);
            Charge(container, "list", page.RequestCharge);
            documents.AddRange(page);
        }
        // Ordered here: the same order SQLite gives, without an index on the id.
        return documents.OrderBy(d => OriginalId(d.Id), StringComparer.Ordinal).Select(d => d.Body).ToList();
    }

    public async Task<Page<T>> QueryAsync<T>(PartitionQuery query, CancellationToken ct = default)
    {
        foreach (var filter in query.Filters) filter.Validate();
        var target = await ContainerAsync(query.Container);
        var after = ContinuationTokens.Decode(query.Page.ContinuationToken);
        // One equality query per combination of filter values, merged: each is served by the
        // container's index (a composite one where the filter field leads the ORDER BY).
        var items = new List<(T, string)>();
        foreach (var combination in FieldFilter.Combinations(query.Filters))
        {
            var definition = QueryDefinitionFor(query with { Filters = combination }, after);
            using var feed = target.GetItemQueryIterator<Keyed<T>>(definition, requestOptions: new QueryRequestOptions
            {
                PartitionKey = new PartitionKey(query.PartitionKey),
                MaxItemCount = query.Page.Size + 1,
            });
            var taken = 0;
            while (feed.HasMoreResults && taken <= query.Page.Size)
            {
                var page = await feed.ReadNextAsync(ct);
                Charge(query.Container, "query", page.RequestCharge);
                foreach (var k in page)
                {
                    items.Add((k.Body, k.SortKey ?? ""));
                    taken++;
                }
            }
        }
        return ContinuationTokens.Merge(items, query);
    }

    private static QueryDefinition QueryDefinitionFor(PartitionQuery query, string? after)
    {
        var sortKey = $"c.body.{Containers.SortKeyField}";
        var direction = query.Descending ? "DESC" : "ASC";
        var sql = new StringBuilder($"SELECT TOP {query.Page.Size + 1} c.body, {sortKey} AS sortKey FROM c WHERE c.pk = @pk");
        var parameters = new List<(string Name, object Value)> { ("@pk", query.PartitionKey) };
        for (var f = 0; f < query.Filters.Count; f++)
        {
            sql.Append($" AND c.body.{query.Filters[f].Field} = @f{f}");
            parameters.Add(($"@f{f}", query.Filters[f].AnyOf.Single()));
        }
        if (after is not null)
        {
            sql.Append($" AND {sortKey} {(query.Descending ? "<" : ">")} @after");
            parameters.Add(("@after", after));
        }
        var leading = Containers.EqualityOrderedField(query.Container) is { } field && query.Filters.Any(f => f.Field == field) ? $"c.body.{field} {direction}, " : "";
        sql.Append($" ORDER BY {leading}{sortKey} {direction}");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters) definition = definition.WithParameter(name, value);
        return definition;
    }

    /// <summary>404 for the item itself; a missing database or container (sub-status 1003) stays an error.</summary>
    private static bool IsMissingItem(CosmosException ex) => ex.StatusCode == HttpStatusCode.NotFound && ex.SubStatusCode == 0;

    private Task<Container> ContainerAsync(string name)
    {
        if (!createIfNotExists) return Task.FromResult(client.GetContainer(databaseName, name));
        var lazy = containers.GetOrAdd(name, n => new Lazy<Task<Container>>(() => CreateContainerAsync(n)));
        // A failed creation is not cached: the next call tries again.
        if (lazy.Value.IsFaulted) containers.TryRemove(KeyValuePair.Create(name, lazy));
        return lazy.Value;
    }

    private async Task<Container> CreateContainerAsync(string name)
    {
        Database database = await client.CreateDatabaseIfNotExistsAsync(databaseName);
        var properties = new ContainerProperties(name, PartitionKeyPath);
        if (Containers.TimeToLive(name) is { } ttl) properties.DefaultTimeToLive = (int)ttl.TotalSeconds;
        if (Containers.EqualityOrderedField(name) is { } field)
        {
            // As infra/modules/cosmos.bicep declares it: the filter field, then the sort key, both ways.
            foreach (var order in new[] { CompositePathSortOrder.Ascending, CompositePathSortOrder.Descending })
                properties.IndexingPolicy.CompositeIndexes.Add(new Collection<CompositePath>
                {
                    new() { Path = $"/body/{field}", Order = order },
                    new() { Path = $"/body/{Containers.SortKeyField}", Order = order },
                });
        }
        return await database.CreateContainerIfNotExistsAsync(properties);
    }

    /// <summary>
    /// Cosmos ids may not contain '/', '\', '?' or '#', and '%' breaks point reads through some
    /// gateways. Such ids (and any that start with the marker) are stored as the marker plus their
    /// base64url form; every other id is stored as it is, so the mapping stays one-to-one.
    /// </summary>
    internal static string CosmosId(string id)
    {
        if (id.IndexOfAny(['/', '\\', '?', '#', '%']) < 0 && !id.StartsWith(EncodedIdMarker, StringComparison.Ordinal)) return id;
        return EncodedIdMarker + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal static string OriginalId(string cosmosId)
    {
        if (!cosmosId.StartsWith(EncodedIdMarker, StringComparison.Ordinal)) return cosmosId;
        var base64 = cosmosId[EncodedIdMarker.Length..].Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
    }

    /// <summary>The stored shape: serialized with the project's options as <c>{ "id", "pk", "body" }</c>.</summary>
    private sealed record Envelope<T>(string Id, string Pk, T Body);

    /// <summary>A query row: the document and the key it was ordered by.</summary>
    private sealed record Keyed<T>(T Body, string? SortKey);
}
