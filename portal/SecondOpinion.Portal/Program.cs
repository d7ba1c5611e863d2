using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using SecondOpinion.Portal;
using SecondOpinion.Portal.Localization;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddPortal(builder.Configuration, builder.HostEnvironment.BaseAddress);

var host = builder.Build();
// The language is chosen before the first render so the satellite resources for it are loaded.
await host.Services.GetRequiredService<PortalLanguage>().ApplyAsync();
await host.RunAsync();
