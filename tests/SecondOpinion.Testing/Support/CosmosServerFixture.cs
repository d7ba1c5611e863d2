using System.Diagnostics;
using System.Net;
using Microsoft.Azure.Cosmos;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Tests.Support;

/// <summary>
/// A local Cosmos-compatible server (tools/cosmos/server.js over the pinned npm @vercel/cosmosdb-server)
/// on a free port, for the whole test run. It keeps everything in memory and makes its own self-signed
/// certificate; it exits by itself when this process dies (it watches its stdin, which we hold open).
/// </summary>
public sealed class CosmosServerFixture : IAsyncLifetime
{
    /// <summary>The emulator's well-known key; the server does not check it, the SDK only needs a valid one.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private Process? process;
    private readonly List<string> output = [];

    public int Port { get; private set; }
    public string Endpoint => $"https://127.0.0.1:{Port}/";

    public static string ServerJs => Path.Combine(RepoPaths.Root, "tools", "cosmos", "server.js");
    private static string PackageJson => Path.Combine(RepoPaths.Root, "tools", "node", "node_modules", "@vercel", "cosmosdb-server", "package.json");

    public async Task InitializeAsync()
    {
        if (!File.Exists(PackageJson))
            throw new InvalidOperationException($"@vercel/cosmosdb-server is not installed at {Path.GetDirectoryName(PackageJson)}: run ./test.sh (it runs npm ci in tools/node).");
        Port = FreePorts.Next();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { ServerJs, $"{Port}", "--host", "127.0.0.1", "--watch-stdin" }) start.ArgumentList.Add(arg);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
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
        var finished = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        if (finished != ready.Task) throw new TimeoutException($"The Cosmos server did not start in 20 s: {Output()}");
        await ready.Task;
    }

    private void Remember(string line)
    {
        lock (output) { if (output.Count < 200) output.Add(line); }
    }

    private string Output()
    {
        lock (output) return string.Join(Environment.NewLine, output);
    }

    /// <summary>A Gateway-mode client that trusts the server's self-signed certificate and talks to it alone.</summary>
    public CosmosClient CreateClient()
    {
        var options = CosmosDocumentStore.ClientOptions(ConnectionMode.Gateway);
        options.LimitToEndpoint = true;
        options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
        options.RequestTimeout = TimeSpan.FromSeconds(30);
        return new CosmosClient(Endpoint, EmulatorKey, options);
    }

    public async Task DisposeAsync()
    {
        if (process is null) return;
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
