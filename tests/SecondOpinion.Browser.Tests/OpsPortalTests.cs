using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecondOpinion.Core.Deadlines;
using static Microsoft.Playwright.Assertions;
using static SecondOpinion.Browser.Tests.PortalSteps;

namespace SecondOpinion.Browser.Tests;

/// <summary>The operations pages in the browser, as ops use them; every page checked by axe.</summary>
[Collection(PortalCollection.Name)]
public sealed class OpsPortalTests(PortalFixture portal)
{
    private static object CaseBody() => new
    {
        patient = new { name = "Alex Ops", dateOfBirth = "1961-04-12", email = "alex.ops@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
        consent = new { accepted = true, version = "2026-01" },
        category = "oncology",
        question = "Is radical prostatectomy necessary?",
        tier = "standard",
    };

    /// <summary>As <see cref="PortalSteps.SignInAsync"/>, with time for a cold start (the first sign-in of a run downloads the app and exchanges the code under load).</summary>
    private static async Task SignInAsOpsAsync(IPage page, string subject)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await SignInOnIssuerPageAsync(page, "ops", subject);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Opens a page from scratch (the app loads again) and waits until it has rendered its heading.</summary>
    private static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task ops_find_a_case_on_the_board_and_suspend_and_resume_its_workflow_with_a_reason()
    {
        var patient = await portal.ApiTokenAsync($"patient-ops-{Guid.NewGuid():N}"[..24], "patient");
        var created = await portal.ApiAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseBody()), 201);
        var caseId = created.GetProperty("id").GetString()!;

        var page = await portal.NewPageAsync();
        await SignInAsOpsAsync(page, "ops-browser");
        await GoAsync(page, "/ops");
        var row = page.Locator($"[data-test=case-row][data-case-id={caseId}]");
        await Expect(row).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-board");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-test=runtime-status]")).ToHaveTextAsync("running", new() { Timeout = 45_000 });
        await CheckPageAsync(page, "ops-case");

        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend the workflow…" }).ClickAsync();
        var form = page.Locator("form[data-action=suspend]");
        await form.GetByRole(AriaRole.Button, new() { Name = "Suspend the workflow" }).ClickAsync();
        await Expect(form.Locator(".field-error")).ToContainTextAsync("Say why");
        await Expect(form.GetByLabel("Reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckPageAsync(page, "ops-case-suspend-invalid");

        await form.GetByLabel("Reason").FillAsync("Patient asked us to wait a week");
        await form.GetByRole(AriaRole.Button, new() { Name = "Suspend the workflow" }).ClickAsync();
        await Expect(page.Locator("[data-test=runtime-status]")).ToHaveTextAsync("suspended", new() { Timeout = 45_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume the workflow…" }).ClickAsync();
        await page.Locator("form[data-action=resume]").GetByLabel("Reason").FillAsync("The week is over");
        await page.Locator("form[data-action=resume]").GetByRole(AriaRole.Button, new() { Name = "Resume the workflow" }).ClickAsync();
        await Expect(page.Locator("[data-test=runtime-status]")).ToHaveTextAsync("running", new() { Timeout = 45_000 });
        await Expect(page.Locator("[data-test=workflow-steps]")).ToContainTextAsync("ops:suspend");

        await GoAsync(page, $"/ops/escalations?caseId={caseId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Escalations", Level = 1 })).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-escalations-of-case");
        await GoAsync(page, "/ops/escalations");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Escalations", Level = 1 })).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-escalations");
    }

    [Fact]
    public async Task each_escalation_offers_the_action_its_reason_calls_for_and_is_resolved_in_place()
    {
        var patient = await portal.ApiTokenAsync($"patient-esc-{Guid.NewGuid():N}"[..24], "patient");
        var caseId = (await portal.ApiAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(CaseBody()), 201)).GetProperty("id").GetString()!;
        // Raised as the workflow raises them (its ids), without waiting days for the deadlines.
        var escalations = portal.Host.Host!.Services.GetRequiredService<EscalationService>();
        await escalations.RaiseAsync($"{caseId}-sla-at-risk", caseId, EscalationReasons.SlaAtRisk, $"Case {caseId} has used 75% of its SLA.");
        await escalations.RaiseAsync($"{caseId}-workflow-failed", caseId, EscalationReasons.WorkflowFailed, "The step OfferAssignment failed after its retries.");
        await escalations.RaiseAsync($"{caseId}-seat-1-1-unanswered", caseId, EscalationReasons.OfferUnanswered, $"Offer {caseId}-seat-1-1 was not answered in time.");

        var page = await portal.NewPageAsync();
        await SignInAsOpsAsync(page, "ops-escalations");
        await GoAsync(page, $"/ops/escalations?caseId={caseId}");
        var rows = page.Locator("[data-test=escalation-row]");
        await Expect(rows).ToHaveCountAsync(3);
        var failed = page.Locator("[data-test=escalation-row][data-escalation-kind=workflow-failed]");
        await Expect(failed.Locator("[data-test=open-restart]")).ToBeVisibleAsync();
        await Expect(failed.Locator("[data-test=open-reassign-seat]")).ToHaveCountAsync(0);
        await CheckPageAsync(page, "ops-escalations-rows");

        // Restart without a reason: the API's message beside the reason field of that row's form.
        await failed.Locator("[data-test=open-restart]").ClickAsync();
        await failed.Locator("button[data-test=restart]").ClickAsync();
        await Expect(failed.Locator("form[data-action=restart] .field-error")).ToContainTextAsync("Say why");

        // Reassigning the unanswered offer's seat while the case is still at intake: the API's conflict, in that form.
        var unanswered = page.Locator("[data-test=escalation-row][data-escalation-kind=offer-unanswered]");
        await unanswered.Locator("[data-test=open-reassign-seat]").ClickAsync();
        var reassign = unanswered.Locator("form[data-action=reassign-seat]");
        await Expect(reassign).ToContainTextAsync("seat-1");
        await reassign.GetByLabel("Specialist id").FillAsync("sp-001");
        await reassign.GetByLabel("Reason").FillAsync("Named by ops");
        await reassign.Locator("button[data-test=reassign-seat]").ClickAsync();
        await Expect(reassign.Locator(".banner.error")).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-escalations-forms");

        var atRisk = page.Locator("[data-test=escalation-row][data-escalation-kind=sla-at-risk]");
        await atRisk.GetByLabel("How it was resolved").FillAsync("Reviewer called; opinion due today.");
        await atRisk.Locator("button[data-test=resolve]").ClickAsync();
        await Expect(atRisk.GetByText("resolved", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(atRisk.Locator("button[data-test=resolve]")).ToHaveCountAsync(0);

        await GoAsync(page, "/ops/escalations");
        await Expect(page.Locator($"[data-test=escalation-row][data-escalation-id='{caseId}-workflow-failed']")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-test=escalation-row][data-escalation-id='{caseId}-sla-at-risk']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ops_add_a_specialist_see_the_apis_field_errors_and_find_them_in_the_directory()
    {
        var id = $"sp-browser-{Guid.NewGuid():N}"[..18];
        var page = await portal.NewPageAsync(phone: true);
        await SignInAsOpsAsync(page, "ops-directory");
        await GoAsync(page, "/ops/specialists/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(id);
        await page.GetByLabel("Time zone").FillAsync("Mars/Base");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#error-name")).ToBeVisibleAsync();
        await Expect(page.Locator("#error-timeZone")).ToContainTextAsync("IANA");
        await Expect(page.Locator("#error-subspecialties")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckPageAsync(page, "ops-specialist-invalid");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Dr. Browser Test");
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        await page.Locator("#subspecialty-radiology").CheckAsync();
        await page.GetByLabel("Licensed jurisdictions").FillAsync("US-OH, US-NY");
        await page.GetByLabel("Languages").FillAsync("en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a period" }).ClickAsync();
        await page.GetByLabel("Period 1: from").FillAsync("2027-01-04T09:00");
        await page.GetByLabel("Period 1: until").FillAsync("2027-01-08T17:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dr. Browser Test" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Period 1: from")).ToHaveValueAsync("2027-01-04T09:00");
        await CheckPageAsync(page, "ops-specialist");

        await GoAsync(page, "/ops/specialists");
        await page.GetByLabel("Name or id contains").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator($"[data-test=specialist-row][data-specialist-id={id}]")).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-directory");

        await page.GetByLabel("Licensed to review cases from").FillAsync("nowhere");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#error-jurisdiction")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ops_register_a_hospital_and_see_the_quarantine()
    {
        var id = $"h-browser-{Guid.NewGuid():N}"[..16];
        var page = await portal.NewPageAsync();
        await SignInAsOpsAsync(page, "ops-registry");
        await GoAsync(page, "/ops/hospitals/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync(id);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser General");
        await page.GetByLabel("Jurisdictions").FillAsync("US-OH");
        await page.GetByLabel("Contact e-mail").FillAsync("desk@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#error-contact-name")).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-hospital-invalid");

        await page.GetByLabel("Contact name").FillAsync("Front desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Browser General" })).ToBeVisibleAsync();
        await GoAsync(page, "/ops/hospitals");
        await Expect(page.Locator($"[data-test=hospital-row][data-hospital-id={id}]")).ToBeVisibleAsync();
        await CheckPageAsync(page, "ops-hospitals");

        await GoAsync(page, "/ops/quarantine");
        // The server lists its quarantine (GET /api/ops/quarantine): rows, or the words for none; not "not available".
        await Expect(page.Locator("[data-test=quarantine-row], [data-test=quarantine-empty]").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=quarantine-not-available]")).ToHaveCountAsync(0);
        await CheckPageAsync(page, "ops-quarantine");
    }
}
