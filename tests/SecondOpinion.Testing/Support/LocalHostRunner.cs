using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SecondOpinion.LocalHost.Hosting;

namespace SecondOpinion.Tests.Support;

/// <summary>
/// Starts the real local host (HTTP API, durable engine on Azurite, worker, inbox watcher) on free
/// ports, with its own task hub and SQLite file so tests never touch a running ./run.sh.
/// </summary>
public sealed class LocalHostRunner : IAsyncDisposable
{
    public string TaskHub { get; } = $"e2e{Guid.NewGuid():N}"[..20];
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"so-e2e-{Guid.NewGuid():N}.db");
    private readonly AzuriteFixture azurite;
    private readonly Dictionary<string, string?> extra;

    /// <summary>Settings over the runner's defaults; a change applies from the next start (a redeploy).</summary>
    public IDictionary<string, string?> Settings => extra;

    private readonly Action<WebApplicationBuilder>? configure;

    public LocalHostRunner(AzuriteFixture azurite, Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        this.azurite = azurite;
        extra = settings ?? [];
        this.configure = configure;
    }

    public LocalHostApp? Host { get; private set; }
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Free port on the first start; a restart listens where the host listened before, as a real one does.</summary>
    private string urls = "http://127.0.0.1:0";

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = urls,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["State:SqlitePath"] = DatabasePath,
            ["Durable:TaskHubName"] = TaskHub,
            ["Durable:SidecarPort"] = "0",
            ["HospitalDrops:PollInterval"] = "00:00:00.500",
            ["Events:QueueName"] = $"events-{TaskHub}",
            // Tests shorten windows to seconds: elapsed time, not working hours.
            ["Calendars:HumanWindows"] = "elapsed",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        Host = await LocalHostApp.StartAsync(["--environment", "Development"], settings, configure: configure);
        urls = Host.BaseAddress.ToString().TrimEnd('/');
        Http = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task StopAsync()
    {
        Http.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        Host = null;
    }

    public async Task<string> TokenAsync(string sub, string role)
    {
        var response = await Http.PostAsJsonAsync("/api/dev/token", new { sub, role });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? token, HttpContent? content = null, int expect = 200, Action<HttpRequestMessage>? configure = null)
    {
        using var response = await SendAsync(method, path, token, content, configure);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expect) throw new Xunit.Sdk.XunitException($"{method} {path}: expected {expect}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(DatabasePath + suffix);
    }
}
