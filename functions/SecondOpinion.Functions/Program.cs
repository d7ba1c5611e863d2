using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SecondOpinion.Functions.Triggers;
using SecondOpinion.Http.Composition;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<BearerAuthenticationMiddleware>();
builder.Services.AddSecondOpinion(builder.Configuration);
builder.Services.UseCloudAdaptersFromConfiguration(builder.Configuration);
builder.Build().Run();
