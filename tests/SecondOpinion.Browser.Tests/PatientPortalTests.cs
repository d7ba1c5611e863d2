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
}
