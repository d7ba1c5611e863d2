using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecondOpinion.Browser.Tests;

/// <summary>
/// How long the portal takes to become usable here and what it downloads, cold and warm. Recorded as
/// an artifact (TestResults/portal-load.json), never asserted: timings flake on a shared 2-core machine.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalLoadTests(PortalFixture portal)
{
    [Fact]
    public async Task the_portal_becomes_interactive_and_its_load_is_recorded()
    {
        var page = await portal.NewPageAsync();
        var cold = await LoadAsync(page);
        var warm = await LoadAsync(page);
        var figures = new { measuredAt = DateTimeOffset.UtcNow, served = "local host build output (Debug in tests)", cold, warm };
        await File.WriteAllTextAsync(Path.Combine(PortalFixture.ArtifactsDirectory, "..", "portal-load.json"),
            JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
        Assert.True(cold.Resources > 10);
    }

    private sealed record Load(double InteractiveMs, double TransferredKb, double DecodedKb, int Resources);

    /// <summary>From navigation start to the first control that answers (the sign-in link is rendered by the app, with its handlers).</summary>
    private static async Task<Load> LoadAsync(IPage page)
    {
        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit });
        var signIn = page.GetByRole(AriaRole.Link, new() { Name = "Sign in" });
        await Expect(signIn).ToBeVisibleAsync();
        var interactive = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var sizes = await page.EvaluateAsync<double[]>(
            "() => { const r = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')); return [r.reduce((a, e) => a + (e.transferSize || 0), 0), r.reduce((a, e) => a + (e.decodedBodySize || 0), 0), r.length]; }");
        return new Load(Math.Round(interactive), Math.Round(sizes[0] / 1024), Math.Round(sizes[1] / 1024), (int)sizes[2]);
    }
}
