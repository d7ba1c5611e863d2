using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SecondOpinion.Tests.Support;

/// <summary>One e-mail as maildev's REST API (<c>GET /api/email</c>) returns it.</summary>
public sealed record ReceivedEmail(string Id, string Subject, string Text, IReadOnlyList<string> To, string? MessageId);

/// <summary>
/// The development mail server (the pinned npm maildev) on free ports and a temporary folder, for a
/// test run: what the platform's SMTP adapter sends is read back through maildev's REST API.
/// </summary>
public sealed class MailDevRunner : IAsyncLifetime
{
    private Process? process;
    private string? directory;
    private HttpClient? api;

    public int SmtpPort { get; private set; }
    public int WebPort { get; private set; }
    public Uri WebInbox => new($"http://127.0.0.1:{WebPort}/");

    /// <summary>What a host needs to send through this server (plain SMTP on loopback).</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
    };

    public async Task InitializeAsync()
    {
        if (!File.Exists(RepoPaths.MailDevJs))
            throw new InvalidOperationException($"maildev is not installed at {RepoPaths.MailDevJs}: run ./test.sh (it runs npm ci in tools/node).");
        SmtpPort = FreePorts.Next();
        WebPort = FreePorts.Next();
        // test.sh names the run so it can stop any maildev a crashed test host left behind.
        var run = Environment.GetEnvironmentVariable("SECONDOPINION_TEST_RUN") ?? "adhoc";
        directory = Directory.CreateTempSubdirectory($"so-maildev-{run}-").FullName;
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepoPaths.MailDevJs, "--smtp", $"{SmtpPort}", "--web", $"{WebPort}", "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
                     "--mail-directory", directory, "--silent" })
            start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        api = new HttpClient { BaseAddress = WebInbox, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await IsHealthyAsync())
        {
            if (process.HasExited) throw new InvalidOperationException($"maildev exited with {process.ExitCode}.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("maildev did not start in 20 s.");
            await Task.Delay(100);
        }
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await api!.GetAsync("api/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private HttpClient Api => api ?? throw new InvalidOperationException("maildev has not started.");

    public async Task<IReadOnlyList<ReceivedEmail>> EmailsAsync()
    {
        var emails = await Api.GetFromJsonAsync<JsonElement>("api/email");
        return emails.EnumerateArray().Select(e => new ReceivedEmail(
            e.GetProperty("id").GetString()!,
            e.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : "",
            e.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
            e.TryGetProperty("to", out var to) ? to.EnumerateArray().Select(a => a.GetProperty("address").GetString()!).ToList() : [],
            e.TryGetProperty("headers", out var h) && h.TryGetProperty("message-id", out var m) ? m.GetString() : null)).ToList();
    }

    /// <summary>Polls the inbox until an e-mail matches (delivery is asynchronous to the test).</summary>
    public async Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if ((await EmailsAsync()).FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"No e-mail {what} arrived at maildev in {seconds} s.");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        api?.Dispose();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        if (directory is not null) try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
