using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using SecondOpinion.Functions.Triggers;
using SecondOpinion.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<BearerAuthenticationMiddleware>();
builder.Services.AddSecondOpinion(builder.Configuration);
// The worker's spans join the Functions host's (host.json telemetryMode: OpenTelemetry); all of it
// goes to Application Insights when the app is connected to it (infra sets the connection string).
var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"])) telemetry.UseAzureMonitorExporter();
builder.Build().Run();
