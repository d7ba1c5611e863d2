using Microsoft.Azure.Cosmos;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The document-store contract against <see cref="CosmosDocumentStore"/> on the local Cosmos-compatible
/// server (tools/cosmos/server.js): one server per run, a new database per test.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosDocumentStoreContractTests(CosmosServerFixture server) : DocumentStoreContract
{
    private CosmosClient? client;

    protected override Task<IDocumentStore> CreateStoreAsync()
    {
        client = server.CreateClient();
        return Task.FromResult<IDocumentStore>(new CosmosDocumentStore(client, $"contract-{Guid.NewGuid():N}", createIfNotExists: true));
    }

    protected override Task DisposeStoreAsync()
    {
        client?.Dispose();
        return Task.CompletedTask;
    }
}
