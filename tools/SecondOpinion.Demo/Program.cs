using SecondOpinion.Demo;

// dotnet SecondOpinion.Demo.dll [http://127.0.0.1:7071] [mail inbox URL]: pushes two sample cases through a running local host.
var baseAddress = new Uri((args.FirstOrDefault() ?? "http://127.0.0.1:7071").TrimEnd('/') + "/");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

using (var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) })
{
    var until = DateTimeOffset.UtcNow.AddSeconds(60);
    while (true)
    {
        try
        {
            if ((await probe.GetAsync("api/health/ready", stop.Token)).IsSuccessStatusCode) break;
        }
        catch (HttpRequestException) { }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested) { }
        if (DateTimeOffset.UtcNow > until)
        {
            Console.WriteLine($"Demo FAILED: {baseAddress} did not become ready in 60 s.");
            return 1;
        }
        await Task.Delay(500, stop.Token);
    }
}
var mailInbox = args.Length > 1 ? new Uri(args[1]) : null;
return await DemoRunner.RunAsync(baseAddress, Console.Out, stop.Token, mailInbox);
