using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Http.Auth;
using SecondOpinion.Infrastructure.Events;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Http.Composition;

/// <summary>The one composition root both hosts use: ports to adapters, application services, options.</summary>
public static class ServiceRegistration
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <param name="developmentIssuer">
    /// True only on the local host in Development: tokens may then come from its own development
    /// issuer when no <c>Auth:Authority</c> is configured.
    /// </param>
    public static IServiceCollection AddSecondOpinion(this IServiceCollection services, IConfiguration configuration, bool developmentIssuer = false)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSecondOpinionAuthentication(configuration, developmentIssuer);
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<WriteRateLimiter>();
        services.AddSingleton(configuration.GetSection("Limits").Get<CaseLimits>() ?? new CaseLimits());
        services.AddSingleton(configuration.GetSection("Deadlines").Get<DeadlinePolicy>() ?? new DeadlinePolicy());
        services.AddSingleton(configuration.GetSection("HospitalDrops").Get<HospitalDropOptions>() ?? new HospitalDropOptions());
        services.AddSingleton(configuration.GetSection("Ocr").Get<TesseractOptions>() ?? new TesseractOptions());

        var storage = configuration["Storage:ConnectionString"] ?? DevelopmentStorage;
        services.AddSingleton(new BlobServiceClient(storage));
        services.AddSingleton(new QueueServiceClient(storage));
        services.AddSingleton<BlobFileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<IEventPublisher>(sp => new QueueEventPublisher(
            sp.GetRequiredService<QueueServiceClient>().GetQueueClient(configuration["Events:QueueName"] ?? QueueEventPublisher.DefaultQueueName)));
        services.AddSingleton<IDocumentStore>(_ => new SqliteDocumentStore(configuration["State:SqlitePath"] ?? Path.Combine(".data", "secondopinion.db")));
        services.AddSingleton<IOcrEngine, TesseractOcrEngine>();
        services.AddSingleton<ITextExtractor, RecordTextExtractor>();

        services.AddSingleton<IUploadUrlIssuer, BlobUploadUrlIssuer>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<EscalationService>();
        services.AddSingleton<SpecialistDirectory>();
        services.AddScoped<DurableClientSlot>();
        services.AddScoped<ICaseWorkflowClient, DurableCaseWorkflowClient>();
        services.AddScoped<CaseService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<OpsService>();
        services.AddScoped<HospitalDropProcessor>();
        services.AddSingleton<HospitalRegistry>();
        services.AddSingleton<HospitalBatchService>();
        return services;
    }

    /// <summary>An Azurite connection string for explicit ports (tests run their own Azurite on free ports).</summary>
    public static string AzuriteConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
}
