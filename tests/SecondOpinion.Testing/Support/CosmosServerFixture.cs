using Microsoft.Azure.Cosmos;
using SecondOpinion.DevServers;

namespace SecondOpinion.Tests.Support;

/// <summary>The local Cosmos-compatible server (<see cref="LocalCosmosServer"/>) on a free port, for the whole test run.</summary>
public sealed class CosmosServerFixture : IAsyncLifetime
{
    private LocalCosmosServer? server;

    private LocalCosmosServer Server => server ?? throw new InvalidOperationException("The Cosmos server has not started.");

    public int Port => Server.Port;
    public string Endpoint => Server.Endpoint;

    public async Task InitializeAsync() => server = await LocalCosmosServer.StartAsync(RepoPaths.Root, FreePorts.Next());

    public CosmosClient CreateClient() => Server.CreateClient();

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}
