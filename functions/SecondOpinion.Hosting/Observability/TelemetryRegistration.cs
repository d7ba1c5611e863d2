using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Hosting.Observability;

/// <summary>Section <c>Telemetry</c>: where traces, metrics and logs go.</summary>
public sealed record TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector or viewer (the Aspire dashboard locally: http://127.0.0.1:4317). Unset: nothing is exported.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    public string ServiceName { get; init; } = "secondopinion";
}

/// <summary>
/// OpenTelemetry in every host: the platform's own spans and metrics (<see cref="Telemetry"/>), ASP.NET
/// Core, HttpClient, the Azure SDKs and the Durable Task SDK; exported over OTLP when configured. The
/// Functions app adds Azure Monitor on top.
/// </summary>
public static class TelemetryRegistration
{
    public static OpenTelemetryBuilder AddSecondOpinionTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        // The Azure SDKs emit spans only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddSource(Telemetry.Name, "Azure.*", "Microsoft.DurableTask*", "DurableTask.Core")
                .AddAspNetCoreInstrumentation(o => o.RecordException = false)
                .AddHttpClientInstrumentation(o => o.RecordException = false)
                .AddProcessor(new StorageUrlRedaction()))
            .WithMetrics(m => m
                .AddMeter(Telemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging(_ => { }, o =>
            {
                // Log messages are templates with ids; formatted text could only repeat them.
                o.IncludeFormattedMessage = false;
                o.IncludeScopes = false;
            });
        if (settings.OtlpEndpoint is { } endpoint)
        {
            builder.UseOtlpExporter(settings.OtlpProtocol, endpoint);
        }
        return builder;
    }
}
