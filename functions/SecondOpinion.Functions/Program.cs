using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SecondOpinion.Functions.Triggers;
using SecondOpinion.Hosting;
using SecondOpinion.Hosting.Observability;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<BearerAuthenticationMiddleware>();
builder.Services.AddSecondOpinion(builder.Configuration);
// Application Insights, when the app is connected to it (infra sets the connection string).
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
    builder.Services.AddSecondOpinionTelemetry(builder.Configuration).UseAzureMonitorExporter();
builder.Build().Run();
