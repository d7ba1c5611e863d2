using Microsoft.Playwright;
using SecondOpinion.Samples;
using static Microsoft.Playwright.Assertions;
using static SecondOpinion.Browser.Tests.PortalSteps;

namespace SecondOpinion.Browser.Tests;

[Collection(PortalCollection.Name)]
public sealed class PatientPortalTests(PortalFixture portal)
{
    [Fact]
    public async Task an_invalid_case_form_shows_the_apis_message_next_to_each_field_and_keeps_what_was_typed()
    {
        var page = await portal.NewPageAsync();
        await SignInAsync(page, "patient", $"patient-form-{Guid.NewGuid():N}"[..20]);
        await page.GotoAsync("/cases/new");
        await page.GetByLabel("Full name").FillAsync("Alex Doe");
        await page.GetByLabel("E-mail").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my case" }).ClickAsync();

        await Expect(page.Locator("#error-patient-email")).ToContainTextAsync("Must be an e-mail address.");
        await Expect(page.Locator("#error-patient-dateOfBirth")).ToContainTextAsync("Required.");
        await Expect(page.Locator("#error-consent-accepted")).ToContainTextAsync("consent");
        await Expect(page.GetByLabel("E-mail")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Full name")).ToHaveValueAsync("Alex Doe");
        await CheckPageAsync(page, "patient-new-case-invalid");
    }

    [Fact]
    public async Task an_expired_sign_in_sends_the_person_to_sign_in_again_and_back_to_where_they_were()
    {
        var page = await portal.NewPageAsync();
        await SignInAsync(page, "patient", "patient-expiring", lifetimeSeconds: 20);
        await page.GotoAsync("/cases/new");
        await Expect(page.GetByLabel("Full name")).ToBeVisibleAsync();
        await Task.Delay(TimeSpan.FromSeconds(21)); // the shortest sign-in the development issuer offers

        await page.GetByRole(AriaRole.Link, new() { Name = "My cases" }).ClickAsync();
        await SignInOnIssuerPageAsync(page, "patient", "patient-expiring");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My cases" })).ToBeVisibleAsync();
        Assert.EndsWith("/cases", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task the_development_sign_in_page_refuses_an_anonymous_operator_and_says_why()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInOnIssuerPageAsync(page, "ops", "admin");
        await Expect(page.Locator("#sub-error")).ToContainTextAsync("Say which ops person you are");
        await Expect(page.GetByLabel("Subject (who you are)")).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckPageAsync(page, "dev-sign-in-refused");
    }

    [Fact]
    public async Task a_patient_whose_browser_speaks_japanese_gets_the_portal_in_japanese_and_can_switch()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.BaseUrl, Locale = "ja-JP" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "サインイン" }).ClickAsync();
        await SignInOnIssuerPageAsync(page, "patient", "patient-ja");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "私のご相談" })).ToBeVisibleAsync();
        Assert.Equal("ja", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await page.GetByRole(AriaRole.Link, new() { Name = "新しいご相談" }).ClickAsync();
        await Expect(page.GetByLabel("生年月日")).ToBeVisibleAsync();
        await CheckPageAsync(page, "patient-new-case-ja");

        await page.GetByLabel("言語", new() { Exact = true }).SelectOptionAsync("en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ask for a second opinion" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
    }
}
