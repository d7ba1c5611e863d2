using System.Diagnostics;
using Microsoft.Azure.Cosmos;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.DevServers;

/// <summary>
/// The local Cosmos-compatible server (tools/cosmos/server.js over the pinned npm
/// @vercel/cosmosdb-server in tools/node) on a port of the caller's choosing. It keeps everything
/// in memory and makes its own self-signed certificate; it exits by itself when this process dies
/// (it watches its stdin, which this object holds open).
/// </summary>
public sealed class LocalCosmosServer : IAsyncDisposable
{
    /// <summary>The emulator's well-known key; the server does not check it, the SDK only needs a valid one.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly Process process;
    private readonly List<string> output;

    private LocalCosmosServer(Process process, List<string> output, int port)
    {
        this.process = process;
        this.output = output;
        Port = port;
    }

    public int Port { get; }
    public string Endpoint => $"https://127.0.0.1:{Port}/";

    /// <param name="repositoryRoot">The folder that holds tools/cosmos and tools/node.</param>
    /// <param name="nodeOptions">Extra node flags (a larger heap for big benchmarks, say).</param>
    public static async Task<LocalCosmosServer> StartAsync(string repositoryRoot, int port, params string[] nodeOptions)
    {
        var package = Path.Combine(repositoryRoot, "tools", "node", "node_modules", "@vercel", "cosmosdb-server", "package.json");
        if (!File.Exists(package))
            throw new InvalidOperationException($"@vercel/cosmosdb-server is not installed at {Path.GetDirectoryName(package)}: run ./test.sh (it runs npm ci in tools/node).");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in nodeOptions.Concat([Path.Combine(repositoryRoot, "tools", "cosmos", "server.js"), $"{port}", "--host", "127.0.0.1", "--watch-stdin"]))
            start.ArgumentList.Add(arg);
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Remember(string line) { lock (output) { if (output.Count < 200) output.Add(line); } }
        string Output() { lock (output) return string.Join(Environment.NewLine, output); }
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Remember(e.Data);
            if (e.Data.StartsWith("cosmos listening on ", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Remember(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The Cosmos server exited: {Output()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalCosmosServer(process, output, port);
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(20))) != ready.Task)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"The Cosmos server did not start in 20 s: {Output()}");
        }
        await ready.Task;
        return server;
    }

    /// <summary>A Gateway-mode client that trusts the server's self-signed certificate and talks to it alone.</summary>
    public CosmosClient CreateClient(int maxConnections = 50)
    {
        var options = CosmosDocumentStore.ClientOptions(ConnectionMode.Gateway);
        options.LimitToEndpoint = true;
        options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = maxConnections,
        });
        options.RequestTimeout = TimeSpan.FromSeconds(30);
        return new CosmosClient(Endpoint, EmulatorKey, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try { process.StandardInput.Close(); } catch (IOException) { }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try { await process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }
}
