using SecondOpinion.LocalHost.Hosting;

// The local host: `dotnet SecondOpinion.LocalHost.dll` (run.sh starts Azurite first; `run.sh --demo` then runs tools/SecondOpinion.Demo against it).
await using var host = await LocalHostApp.StartAsync(args);
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SecondOpinion.LocalHost");
log.LogInformation("SecondOpinion local host listening on {Address} (the portal is at that address; the API under /api)", host.BaseAddress);
await host.App.WaitForShutdownAsync();
