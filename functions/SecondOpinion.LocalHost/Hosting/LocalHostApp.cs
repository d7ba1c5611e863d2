using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.OpenApi;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Http.Api;
using SecondOpinion.Http.Auth;
using SecondOpinion.Hosting;
using SecondOpinion.Hosting.Settings;
using SecondOpinion.LocalHost.Durable;
using SecondOpinion.LocalHost.Identity;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>
/// The local host, started in-process: HTTP API + durable engine + workflow worker + inbox watcher.
/// <c>Program</c> runs it; end-to-end tests start and stop it the same way.
/// </summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    private readonly LocalDurableEngine engine;
    private bool disposed;

    private LocalHostApp(WebApplication app, LocalDurableEngine engine, Uri baseAddress)
    {
        App = app;
        this.engine = engine;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services => App.Services;

    /// <param name="configure">Extra wiring before the host is built (an embedding process adds its own log sink, say).</param>
    public static async Task<LocalHostApp> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            // Names the portal's static-asset manifests (SecondOpinion.LocalHost.staticwebassets.*.json), also when a test process embeds the host.
            ApplicationName = typeof(LocalHostApp).Assembly.GetName().Name,
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["Urls"])) builder.WebHost.UseUrls("http://127.0.0.1:7071");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 60L * 1024 * 1024);

        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSecondOpinion(configuration, developmentIssuer: development);
        if (development)
        {
            builder.Services.AddOptions<DevelopmentIssuerOptions>().Bind(configuration.GetSection("Auth:Development"));
            builder.Services.AddSingleton<DevelopmentIssuer>();
            builder.Services.AddSingleton<DevelopmentSignIn>();
            builder.Services.AddSingleton<IDevelopmentAuthority>(sp => sp.GetRequiredService<DevelopmentIssuer>());
        }
        builder.Services.AddProblemDetails();
        // The middleware's own log line carries the full exception; ours above carries its type only.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SecondOpinion API";
                document.Info.Description = "Medical second opinions: cases, records, panel review, reports. Bearer tokens (OpenID Connect: Entra ID in Azure, the development issuer locally) with one role: patient, hospital, specialist, director or ops.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<PagedDoc>().Any()) return Task.CompletedTask;
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter { Name = "pageSize", In = ParameterLocation.Query, Description = $"Items per page (1–{Core.Common.PageRequest.MaxSize}, default {Core.Common.PageRequest.DefaultSize}).", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } });
                operation.Parameters.Add(new OpenApiParameter { Name = "continuationToken", In = ParameterLocation.Query, Description = $"The {ApiHeaders.Continuation} header of the previous page.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                foreach (var response in operation.Responses?.Where(r => r.Key == "200").Select(r => r.Value) ?? [])
                {
                    if (response is OpenApiResponse ok)
                    {
                        ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        ok.Headers[ApiHeaders.Continuation] = new OpenApiHeader { Description = "Present when there is a next page: pass it as continuationToken.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    }
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                foreach (var (name, description) in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryDoc>().SelectMany(d => d.Parameters))
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                foreach (var doc in context.Description.ActionDescriptor.EndpointMetadata.OfType<BinaryResponseDoc>())
                {
                    if (operation.Responses?.GetValueOrDefault(doc.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not OpenApiResponse { Content: { } content }) continue;
                    foreach (var type in doc.ContentTypes) content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().FirstOrDefault() is not { } body) return;
                IOpenApiSchema schema = body.Type is null
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
                    : await context.GetOrCreateSchemaAsync(body.Type, null, ct);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
                };
            });
        });
        builder.Services.AddHostedService<HospitalInboxWatcher>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        configure?.Invoke(builder);

        // The worker and client reach the engine through a channel made once the engine has its port.
        GrpcChannel? engineChannel = null;
        GrpcChannel Channel() => engineChannel ?? throw new InvalidOperationException("The durable engine has not started.");
        // The worker runs the configured orchestration version and every older one (cases keep the version they started on).
        var workflowVersion = configuration.GetSection(WorkflowSettings.Section).Get<WorkflowSettings>()?.Version ?? CaseWorkflowVersions.Current;
        builder.Services.AddDurableTaskWorker(w =>
        {
            w.AddTasks(WorkflowActivities.Register);
            w.UseGrpc(o => o.Channel = Channel());
            w.UseVersioning(new DurableTaskWorkerOptions.VersioningOptions
            {
                Version = workflowVersion,
                DefaultVersion = workflowVersion,
                MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder,
                // One local worker: a case of a newer version than it runs could never be taken, so it
                // fails visibly. In Azure (host.json) it is rejected, for a newer worker of the same app.
                FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Fail,
            });
        });
        builder.Services.AddDurableTaskClient(c => c.UseGrpc(o => o.Channel = Channel()));

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Only the exception's type is logged: its message can quote request or record content.
            ExceptionHandler = async http =>
            {
                var error = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
                if (error is BadHttpRequestException bad)
                {
                    // Kestrel's own refusals (a body over the limit, a body that stalls) are the caller's fault, not ours.
                    await Problems.ForStatus(bad.StatusCode).ExecuteAsync(http);
                    return;
                }
                app.Logger.LogError("Unhandled {ErrorType} in {Path}", error?.GetType().Name, http.Request.Path.Value);
                await Results.Problem(statusCode: 500, title: "An error occurred while processing your request.", type: "https://httpstatuses.io/500").ExecuteAsync(http);
            },
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.MapSecondOpinionApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPortal();

        var durableOptions = configuration.GetSection("Durable").Get<DurableEngineOptions>() ?? new DurableEngineOptions();
        var storage = app.Services.GetRequiredService<StorageSettings>().ConnectionString;
        var engine = await LocalDurableEngine.StartAsync(storage, durableOptions, app.Services.GetRequiredService<ILoggerFactory>(), ct);
        try
        {
            engineChannel = GrpcChannel.ForAddress(engine.Address);
            await DirectorySeeder.SeedAsync(app.Services, Path.Combine(AppContext.BaseDirectory, configuration["Seed:Path"] ?? "Seed/directory.json"), ct);
            await app.StartAsync(ct);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
        return new LocalHostApp(app, engine, ListeningAddress.Of(app.Services.GetRequiredService<IServer>()));
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await App.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        await engine.DisposeAsync();
        await App.DisposeAsync();
    }
}
