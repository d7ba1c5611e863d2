using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Events;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Http.Composition;

/// <summary>
/// Swaps the local adapters registered by <see cref="ServiceRegistration.AddSecondOpinion"/> for the
/// Azure ones when configuration asks for them. Nothing configured: SQLite, Azurite, a Storage queue.
/// </summary>
public static class CloudAdapters
{
    public static IServiceCollection UseCloudAdaptersFromConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        // One credential for every Azure client: the managed identity in Azure, a developer login elsewhere.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        if (string.Equals(configuration["State:Provider"], "cosmos", StringComparison.OrdinalIgnoreCase))
        {
            services.RemoveAll<IDocumentStore>();
            services.AddSingleton(sp => CreateCosmosClient(configuration, sp));
            services.AddSingleton<IDocumentStore>(sp => new CosmosDocumentStore(
                sp.GetRequiredService<CosmosClient>(),
                configuration["State:CosmosDatabase"] ?? CosmosDocumentStore.DefaultDatabase,
                configuration.GetValue("State:CosmosCreateContainers", false)));
        }

        if (string.Equals(configuration["Events:Provider"], "servicebus", StringComparison.OrdinalIgnoreCase))
        {
            services.RemoveAll<IEventPublisher>();
            services.AddSingleton(sp => CreateServiceBusClient(configuration, sp));
            services.AddSingleton<IEventPublisher>(sp => new ServiceBusEventPublisher(
                sp.GetRequiredService<ServiceBusClient>().CreateSender(configuration["Events:Topic"] ?? ServiceBusEventPublisher.DefaultTopic)));
        }

        if (configuration["Storage:AccountUrl"] is { Length: > 0 } accountUrl)
        {
            // https://{account}.blob.core…: the queue endpoint is the same account's queue host.
            var blobUri = new Uri(accountUrl);
            var queueUri = new UriBuilder(blobUri) { Host = blobUri.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri;
            services.RemoveAll<BlobServiceClient>();
            services.RemoveAll<QueueServiceClient>();
            services.AddSingleton(sp => new BlobServiceClient(blobUri, sp.GetRequiredService<TokenCredential>()));
            services.AddSingleton(sp => new QueueServiceClient(
                configuration["Storage:QueueUrl"] is { Length: > 0 } queueUrl ? new Uri(queueUrl) : queueUri,
                sp.GetRequiredService<TokenCredential>()));
        }

        if (string.Equals(configuration["Ocr:Provider"], "document-intelligence", StringComparison.OrdinalIgnoreCase))
        {
            var options = configuration.GetSection("Ocr:DocumentIntelligence").Get<DocumentIntelligenceOptions>() ?? new DocumentIntelligenceOptions();
            if (options.Endpoint is null) throw new InvalidOperationException("Ocr:Provider is 'document-intelligence': set Ocr:DocumentIntelligence:Endpoint.");
            services.RemoveAll<IOcrEngine>();
            services.AddSingleton(options);
            services.AddHttpClient(nameof(DocumentIntelligenceOcrEngine)).AddStandardResilienceHandler();
            services.AddSingleton<IOcrEngine>(sp => new DocumentIntelligenceOcrEngine(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DocumentIntelligenceOcrEngine)), options, sp.GetRequiredService<TokenCredential>()));
        }

        return services;
    }

    private static CosmosClient CreateCosmosClient(IConfiguration configuration, IServiceProvider services)
    {
        var mode = Enum.TryParse<ConnectionMode>(configuration["State:CosmosConnectionMode"], ignoreCase: true, out var parsed) ? parsed : ConnectionMode.Direct;
        var options = CosmosDocumentStore.ClientOptions(mode);
        if (configuration["State:CosmosEndpoint"] is { Length: > 0 } endpoint)
            return new CosmosClient(endpoint, services.GetRequiredService<TokenCredential>(), options);
        if (configuration["State:CosmosConnectionString"] is { Length: > 0 } connectionString)
            return new CosmosClient(connectionString, options);
        throw new InvalidOperationException("State:Provider is 'cosmos': set State:CosmosEndpoint (managed identity) or State:CosmosConnectionString.");
    }

    private static ServiceBusClient CreateServiceBusClient(IConfiguration configuration, IServiceProvider services)
    {
        if (configuration["Events:ServiceBusNamespace"] is { Length: > 0 } fullyQualifiedNamespace)
            return new ServiceBusClient(fullyQualifiedNamespace, services.GetRequiredService<TokenCredential>());
        if (configuration["Events:ServiceBusConnectionString"] is { Length: > 0 } connectionString)
            return new ServiceBusClient(connectionString);
        throw new InvalidOperationException("Events:Provider is 'servicebus': set Events:ServiceBusNamespace (managed identity) or Events:ServiceBusConnectionString.");
    }
}
