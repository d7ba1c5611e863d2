using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace SecondOpinion.LocalHost.Durable;

public sealed record DurableEngineOptions
{
    public string TaskHubName { get; init; } = "secondopinion";
    /// <summary>Port of the in-process gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; init; }
    public int PartitionCount { get; init; } = 2;
    /// <summary>Upper bound of the queue back-off when idle: low keeps the demo snappy, higher saves Azurite polling.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// How long a dequeued orchestration message stays hidden. The backend's default (5 min) means a
    /// host stopped mid-episode leaves its case stuck for minutes after a restart; orchestrator
    /// episodes take milliseconds, so a short timeout brings orphaned messages back fast.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>
    /// Activities (OCR of a long scan) can run for minutes and the sidecar does not renew their
    /// locks: this must outlast the longest activity, or it is delivered and run a second time.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// The durable engine of the local host, the same one Durable Functions uses in Azure: the
/// DurableTask.AzureStorage backend (on Azurite) behind the Durable Task gRPC sidecar, hosted in
/// its own Kestrel on loopback. The portable worker and client connect to it over gRPC.
/// </summary>
public sealed class LocalDurableEngine : IAsyncDisposable
{
    private readonly WebApplication sidecar;
    private readonly StartStopGuard service;

    private LocalDurableEngine(WebApplication sidecar, StartStopGuard service, Uri address)
    {
        this.sidecar = sidecar;
        this.service = service;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LocalDurableEngine> StartAsync(string storageConnectionString, DurableEngineOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var backend = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
            LeaseInterval = TimeSpan.FromSeconds(15),
            LeaseRenewInterval = TimeSpan.FromSeconds(5),
            LeaseAcquireInterval = TimeSpan.FromSeconds(3),
            LoggerFactory = loggerFactory,
        });
        await backend.CreateIfNotExistsAsync();
        var service = new StartStopGuard(backend);

        // Its own URL on the command line, so the host's Urls (environment) never applies here.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [$"--urls=http://127.0.0.1:{options.SidecarPort}"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(backend);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(ct);
        var address = new Uri(app.Urls.First());
        return new LocalDurableEngine(app, service, address);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await sidecar.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        // The sidecar stops its dispatchers without waiting; stop the backend here (the guard makes
        // it once) so partition leases are released now and a restarted host picks the task hub up at once.
        try { await service.StopAsync(isForced: true).WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        await sidecar.DisposeAsync();
    }
}
