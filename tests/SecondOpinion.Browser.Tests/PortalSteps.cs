using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecondOpinion.Browser.Tests;

/// <summary>What a person does in the portal, step by step, and the checks every page gets (axe, a screenshot).</summary>
public static class PortalSteps
{
    /// <summary>Signs in through the development issuer's page: the portal's real authorization-code-with-PKCE flow.</summary>
    public static async Task SignInAsync(IPage page, string role, string subject, int lifetimeSeconds = 3600)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInOnIssuerPageAsync(page, role, subject, lifetimeSeconds);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public static async Task SignInOnIssuerPageAsync(IPage page, string role, string subject, int lifetimeSeconds = 3600)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to SecondOpinion" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Development only.")).ToBeVisibleAsync();
        await page.Locator($"input[name=role][value={role}]").CheckAsync();
        await page.GetByLabel("Subject (who you are)").FillAsync(subject);
        await page.GetByLabel("Stay signed in for").SelectOptionAsync(lifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violation; and a screenshot as an artifact.</summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ArtifactsDirectory, $"{name}.png"), FullPage = true });
        await page.AddScriptTagAsync(new() { Path = PortalFixture.AxeScript });
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))");
        var violations = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical").Select(v => v.ToString()).ToList();
        Assert.True(violations.Count == 0, $"{name}: axe found serious or critical violations:\n{string.Join("\n", violations)}");
    }
}
