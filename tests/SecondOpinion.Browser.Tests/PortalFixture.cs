using System.Text.Json;
using Microsoft.Playwright;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Browser.Tests;

/// <summary>
/// One local host (on its own Azurite, task hub and SQLite file) serving the portal, and one headless
/// chromium, for all browser tests. Windows are short so the journey's waits are seconds.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private IPlaywright? playwright;

    public LocalHostRunner Host { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Host.Host!.BaseAddress.ToString();

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "tests", "SecondOpinion.Browser.Tests", "TestResults", "screenshots")).FullName;

    public static string AxeScript => Path.Combine(RepoPaths.Root, "tools", "node", "node_modules", "axe-core", "axe.min.js");

    public async Task InitializeAsync()
    {
        if (!File.Exists(AxeScript)) throw new InvalidOperationException($"axe-core is not installed at {AxeScript}: run ./test.sh (npm ci in tools/node).");
        await azurite.InitializeAsync();
        Host = new LocalHostRunner(azurite, new Dictionary<string, string?>
        {
            ["Deadlines:AcceptWindow"] = "00:10:00",
            ["Deadlines:OpinionWindow"] = "00:20:00",
        });
        await Host.StartAsync();
        // A shared 2-core machine: the app's first load (WebAssembly) can take several seconds.
        Assertions.SetDefaultExpectTimeout(30_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true });
    }

    /// <summary>A fresh browser profile (its own session storage), as a different person on a different device would have.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "en-US",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        // The browser's console and failed requests, kept with the screenshots for when a step fails.
        var log = Path.Combine(ArtifactsDirectory, "browser-console.log");
        page.Console += (_, message) => File.AppendAllText(log, $"{DateTime.UtcNow:O} {message.Type}: {message.Text}\n");
        page.PageError += (_, error) => File.AppendAllText(log, $"{DateTime.UtcNow:O} page error: {error}\n");
        return page;
    }

    public async Task<string> ApiTokenAsync(string sub, string role) => await Host.TokenAsync(sub, role);

    public Task<JsonElement> ApiAsync(HttpMethod method, string path, string token, HttpContent? content = null, int expect = 200) =>
        Host.JsonAsync(method, path, token, content, expect);

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        await azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
