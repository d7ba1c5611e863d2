using System.Diagnostics;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using SecondOpinion.Hosting;

namespace SecondOpinion.Tests.Support;

/// <summary>A real Azurite (the pinned npm one), on free ports and a temporary folder, for the whole test run.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Process? process;
    private string? location;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }
    public string ConnectionString => SecondOpinionServices.AzuriteConnectionString(BlobPort, QueuePort, TablePort);
    public BlobServiceClient Blobs => new(ConnectionString);

    public async Task InitializeAsync()
    {
        if (!File.Exists(RepoPaths.AzuriteJs))
            throw new InvalidOperationException($"Azurite is not installed at {RepoPaths.AzuriteJs}: run ./test.sh (it runs npm ci in tools/node).");
        BlobPort = FreePorts.Next();
        QueuePort = FreePorts.Next();
        TablePort = FreePorts.Next();
        // test.sh names the run so it can stop any Azurite a crashed test host left behind.
        var run = Environment.GetEnvironmentVariable("SECONDOPINION_TEST_RUN") ?? "adhoc";
        location = Directory.CreateTempSubdirectory($"so-azurite-{run}-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { RepoPaths.AzuriteJs, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--location", location,
                     "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}" })
            start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: on a loaded 2-core machine, node takes a while to start.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await IsListeningAsync(port))
            {
                if (process.HasExited) throw new InvalidOperationException($"Azurite exited with {process.ExitCode}.");
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Azurite did not start in 60 s.");
                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        if (location is not null) try { Directory.Delete(location, recursive: true); } catch (IOException) { }
    }
}
