using SecondOpinion.LocalHost.Demo;
using SecondOpinion.LocalHost.Hosting;

// The local host: `dotnet SecondOpinion.LocalHost.dll [--demo]` (run.sh starts Azurite first).
var demo = args.Contains("--demo");
await using var host = await LocalHostApp.StartAsync(args.Where(a => a != "--demo").ToArray());
var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SecondOpinion.LocalHost");
log.LogInformation("SecondOpinion local host listening on {Address}", host.BaseAddress);

if (!demo)
{
    await host.App.WaitForShutdownAsync();
    return 0;
}

using var stop = CancellationTokenSource.CreateLinkedTokenSource(host.App.Lifetime.ApplicationStopping);
return await DemoRunner.RunAsync(host, Console.Out, stop.Token);
