using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.FollowUp;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Hosting.Durable;
using SecondOpinion.Hosting.Health;
using SecondOpinion.Hosting.Observability;
using SecondOpinion.Hosting.Settings;
using SecondOpinion.Http.Auth;
using SecondOpinion.Infrastructure.Events;
using SecondOpinion.Infrastructure.Facts;
using SecondOpinion.Infrastructure.Notifications;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Reading;
using SecondOpinion.Infrastructure.Reports;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;

namespace SecondOpinion.Hosting;

/// <summary>
/// The one composition root. The Functions app, the local host and the test harnesses call
/// <see cref="AddSecondOpinion"/>; adapters are chosen by configuration (nothing configured: SQLite,
/// Azurite, a Storage queue, tesseract), every section is validated when the host starts, Azure
/// clients come from <c>AddAzureClients</c> with one credential.
/// </summary>
public static class SecondOpinionServices
{
    /// <param name="developmentIssuer">
    /// True only on the local host in Development: tokens may then come from its own development
    /// issuer when no <c>Auth:Authority</c> is configured.
    /// </param>
    public static IServiceCollection AddSecondOpinion(this IServiceCollection services, IConfiguration configuration, bool developmentIssuer = false)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecondOpinionAuthentication(configuration, developmentIssuer);
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<WriteRateLimiter>();

        services.AddSettings<StorageSettings>(configuration, StorageSettings.Section);
        services.AddSettings<StateSettings>(configuration, StateSettings.Section);
        services.AddSettings<EventsSettings>(configuration, EventsSettings.Section);
        services.AddSettings<OcrSettings>(configuration, OcrSettings.Section);
        services.AddSettings<FactsSettings>(configuration, FactsSettings.Section);
        services.AddSettings<WorkflowSettings>(configuration, WorkflowSettings.Section,
            w => System.Version.TryParse(w.Version, out _) && CaseWorkflowVersions.AtLeast(CaseWorkflowVersions.Current, w.Version),
            $"Workflow:Version must be a version this code has, {CaseWorkflowVersions.V1} to {CaseWorkflowVersions.Current}: newer cases would be refused by every worker.");
        services.AddSingleton<PlatformSettingsValidator>();
        services.AddSingleton<IValidateOptions<StorageSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<StateSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<EventsSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<OcrSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<FactsSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSettings<NotificationOptions>(configuration, NotificationOptions.Section);
        services.AddSettings<SmtpSettings>(configuration, SmtpSettings.Section);
        services.AddSingleton<IValidateOptions<NotificationOptions>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<SmtpSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());
        services.AddSingleton<IValidateOptions<CalendarSettings>>(sp => sp.GetRequiredService<PlatformSettingsValidator>());

        services.AddSettings<CaseLimits>(configuration, "Limits", l => l.MaxDocumentsPerCase > 0 && l.MaxOpenCasesPerPatient > 0,
            "Limits:MaxDocumentsPerCase and Limits:MaxOpenCasesPerPatient must be at least 1.");
        services.AddSettings<DeadlinePolicy>(configuration, "Deadlines",
            d => d.IntakeWindow > TimeSpan.Zero && d.AcceptWindow > TimeSpan.Zero && d.OpinionWindow > TimeSpan.Zero && d.SignOffWindow > TimeSpan.Zero
                && d.RevisionWindow > TimeSpan.Zero && d.CaseSlaOverride is not { Ticks: <= 0 },
            "Deadlines:IntakeWindow, AcceptWindow, OpinionWindow, SignOffWindow, RevisionWindow (and CaseSlaOverride, if set) must be positive durations such as 08:00:00.");
        services.AddSettings<FollowUpPolicy>(configuration, "FollowUps", p => p.MaxQuestions is >= 0 and <= 10 && p.Window > TimeSpan.Zero && p.AnswerWindow > TimeSpan.Zero,
            "FollowUps:MaxQuestions must be 0 to 10, Window and AnswerWindow positive durations.");
        services.AddSettings<SignOffPolicy>(configuration, "SignOff",
            p => p.MaxRounds >= 1 && p.Directors.All(d => !string.IsNullOrWhiteSpace(d.Subject) && !string.IsNullOrWhiteSpace(d.Name)),
            "SignOff:MaxRounds must be at least 1, and every SignOff:Directors entry needs a Subject and a Name.");
        services.AddSettings<CalendarSettings>(configuration, CalendarSettings.Section);
        services.AddSingleton(sp => BusinessCalendars.From(sp.GetRequiredService<CalendarSettings>()));
        services.AddSingleton(sp => sp.GetRequiredService<CalendarSettings>().ToHumanWindowPolicy());
        services.AddSettings<HospitalDropOptions>(configuration, "HospitalDrops", h => h.GrantLifetime > TimeSpan.Zero && h.MissingFilesDeadline > TimeSpan.Zero && h.MaxFilesPerBatch > 0,
            "HospitalDrops:GrantLifetime and MissingFilesDeadline must be positive, MaxFilesPerBatch at least 1.");
        services.AddSettings<TesseractOptions>(configuration, "Ocr", t => t.MaxParallelPages > 0 && t.UnsureBelowConfidence is >= 0 and <= 1,
            "Ocr:MaxParallelPages must be at least 1 and Ocr:UnsureBelowConfidence from 0 to 1.");
        services.AddSettings<PageReadingOptions>(configuration, "Ocr",
            r => r.MaxParallelPages > 0 && r.ScanMinImageCoverage is > 0 and <= 1 && r.SparseTextLayerMaxLetters >= 0 && r.SparseTextLayerMaxHeight is >= 0 and <= 1,
            "Ocr:MaxParallelPages must be at least 1, Ocr:ScanMinImageCoverage above 0 and at most 1, Ocr:SparseTextLayerMaxHeight from 0 to 1.");
        services.AddSettings<DocumentIntelligenceOptions>(configuration, "Ocr:DocumentIntelligence", d => d.MaxConcurrentCalls > 0,
            "Ocr:DocumentIntelligence:MaxConcurrentCalls must be at least 1.");
        services.AddSettings<RecordReadingOptions>(configuration, RecordReadingOptions.Section,
            r => r.IsValid,
            "Records:Isolation must be 'process' or 'in-process', Records:Timeout a positive duration such as 00:05:00, Records:MaxMemoryMb at least 64, MaxConcurrentReaders, MaxOutputMb and MaxFilesPerReader at least 1.");

        services.AddAzureClientsFromConfiguration(configuration);
        services.AddAdapters();
        services.AddApplication();
        services.AddSecondOpinionTelemetry(configuration);
        services.AddSecondOpinionHealthChecks();
        return services;
    }

    /// <summary>A section bound over the record's defaults, validated when the host starts, and injectable as the plain record.</summary>
    private static void AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section,
        Func<T, bool>? valid = null, string? failure = null) where T : class
    {
        var options = services.AddOptions<T>().Bind(configuration.GetSection(section));
        if (valid is not null) options.Validate(valid, failure!);
        options.ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    private static void AddAzureClientsFromConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageSettings.Section).Get<StorageSettings>() ?? new StorageSettings();
        var events = configuration.GetSection(EventsSettings.Section).Get<EventsSettings>() ?? new EventsSettings();
        services.AddAzureClients(azure =>
        {
            // One credential for every Azure client: the managed identity in Azure, a developer login elsewhere.
            azure.UseCredential(sp => sp.GetRequiredService<TokenCredential>());
            if (storage.AccountUrl is { } accountUrl)
            {
                azure.AddBlobServiceClient(accountUrl);
                azure.AddQueueServiceClient(storage.QueueEndpoint!);
            }
            else
            {
                azure.AddBlobServiceClient(storage.ConnectionString);
                azure.AddQueueServiceClient(storage.ConnectionString);
            }
            if (events.Provider == EventsProvider.ServiceBus)
            {
                if (!string.IsNullOrWhiteSpace(events.ServiceBusNamespace)) azure.AddServiceBusClientWithNamespace(events.ServiceBusNamespace);
                else if (!string.IsNullOrWhiteSpace(events.ServiceBusConnectionString)) azure.AddServiceBusClient(events.ServiceBusConnectionString);
            }
        });
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        // Cosmos DB has no AddAzureClients builder: the same credential, made once.
        services.AddSingleton(sp =>
        {
            var state = sp.GetRequiredService<StateSettings>();
            var options = CosmosDocumentStore.ClientOptions(state.CosmosConnectionMode);
            return string.IsNullOrWhiteSpace(state.CosmosEndpoint)
                ? new CosmosClient(state.CosmosConnectionString, options)
                : new CosmosClient(state.CosmosEndpoint, sp.GetRequiredService<TokenCredential>(), options);
        });
    }

    private static void AddAdapters(this IServiceCollection services)
    {
        services.AddSingleton<BlobFileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<BlobFileStore>());
        services.AddSingleton<IUploadUrlIssuer, BlobUploadUrlIssuer>();

        services.AddSingleton<IDocumentStore>(sp =>
        {
            var state = sp.GetRequiredService<StateSettings>();
            return state.Provider == StateProvider.Cosmos
                ? new CosmosDocumentStore(sp.GetRequiredService<CosmosClient>(), state.CosmosDatabase, state.CosmosCreateContainers)
                : new SqliteDocumentStore(state.SqlitePath, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ICaseRepository, CaseRepository>();
        services.AddSingleton<IAssignmentRepository, AssignmentRepository>();
        services.AddSingleton<IEscalationRepository, EscalationRepository>();
        services.AddSingleton<ISpecialistRepository, SpecialistRepository>();
        services.AddSingleton<IHospitalRepository, HospitalRepository>();
        services.AddSingleton<IBatchRepository, BatchRepository>();
        services.AddSingleton<IAuditRepository, AuditRepository>();
        services.AddSingleton<INotificationRepository, NotificationRepository>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<SmtpSettings>() is { IsConfigured: true } smtp
            ? new SmtpEmailSender(smtp)
            : new UnconfiguredEmailSender());

        services.AddSingleton<IEventPublisher>(sp =>
        {
            var events = sp.GetRequiredService<EventsSettings>();
            return events.Provider == EventsProvider.ServiceBus
                ? new ServiceBusEventPublisher(sp.GetRequiredService<ServiceBusClient>().CreateSender(events.Topic), events.Source)
                : new QueueEventPublisher(sp.GetRequiredService<QueueServiceClient>().GetQueueClient(events.QueueName), events.Source);
        });

        services.AddHttpClient(nameof(DocumentIntelligenceOcrEngine)).AddStandardResilienceHandler();
        services.AddSingleton<TesseractOcrEngine>();
        services.AddSingleton<IOcrEngine>(sp =>
        {
            if (!sp.GetRequiredService<OcrSettings>().UsesDocumentIntelligence) return sp.GetRequiredService<TesseractOcrEngine>();
            var options = sp.GetRequiredService<DocumentIntelligenceOptions>();
            if (options.Endpoint is null) throw new InvalidOperationException("Ocr:Provider is 'document-intelligence': set Ocr:DocumentIntelligence:Endpoint.");
            return new DocumentIntelligenceOcrEngine(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DocumentIntelligenceOcrEngine)), options,
                string.IsNullOrEmpty(options.ApiKey) ? sp.GetRequiredService<TokenCredential>() : null);
        });
        services.AddSingleton(sp => new RecordReaderSettings
        {
            OcrProvider = sp.GetRequiredService<OcrSettings>().Provider,
            Tesseract = sp.GetRequiredService<TesseractOptions>(),
            DocumentIntelligence = sp.GetRequiredService<DocumentIntelligenceOptions>(),
            Pages = sp.GetRequiredService<PageReadingOptions>(),
        });
        // Untrusted files are read in a bounded child process unless Records:Isolation says in-process.
        services.AddSingleton<ITextExtractor>(sp => sp.GetRequiredService<RecordReadingOptions>().InProcess
            ? new CheckedRecordReader(new RecordTextExtractor(sp.GetRequiredService<IOcrEngine>(), sp.GetRequiredService<PageReadingOptions>() with { ImageLimits = sp.GetRequiredService<RecordReaderSettings>().Limits }), sp.GetRequiredService<RecordReaderSettings>().Limits)
            : ActivatorUtilities.CreateInstance<IsolatedTextExtractor>(sp));
                // 429s are left to the engine, which waits them out for their Retry-After on the one clock.
        services.AddHttpClient(nameof(TextAnalyticsForHealthEngine)).AddStandardResilienceHandler(resilience =>
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome)));
        services.AddSingleton<LexiconFactEngine>();
        services.AddSingleton<IClinicalFactEngine>(sp =>
        {
            var facts = sp.GetRequiredService<FactsSettings>();
            if (!facts.UsesTextAnalyticsForHealth) return sp.GetRequiredService<LexiconFactEngine>();
            var options = facts.TextAnalyticsForHealth;
            return new TextAnalyticsForHealthEngine(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TextAnalyticsForHealthEngine)), options,
                string.IsNullOrEmpty(options.ApiKey) ? sp.GetRequiredService<TokenCredential>() : null, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IReportPdfRenderer, PdfReportRenderer>();
    }

    private static void AddApplication(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<EscalationService>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<SpecialistDirectory>();
        services.AddSingleton<HospitalRegistry>();
        services.AddSingleton<HospitalBatchService>();
        services.AddScoped<DurableClientSlot>();
        services.AddScoped<ICaseWorkflowClient, DurableCaseWorkflowClient>();
        services.AddScoped<CaseService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<OpsService>();
        services.AddScoped<CaseOperationsService>();
        services.AddScoped<SignOffService>();
        services.AddScoped<FollowUpService>();
        services.AddScoped<SeatOperationsService>();
        services.AddSingleton<ReportAssembler>();
        services.AddSingleton<SignedReportWriter>();
        services.AddScoped<HospitalDropProcessor>();
        services.AddScoped<QuarantineListing>();
    }

    /// <summary>An Azurite connection string for explicit ports (tests run their own Azurite on free ports).</summary>
    public static string AzuriteConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
}
