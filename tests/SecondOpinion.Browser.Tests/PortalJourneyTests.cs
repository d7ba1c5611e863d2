using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecondOpinion.Core.Review;
using SecondOpinion.Samples;
using static Microsoft.Playwright.Assertions;
using static SecondOpinion.Browser.Tests.PortalSteps;

namespace SecondOpinion.Browser.Tests;

/// <summary>The whole journey in the browser, each person in their own browser profile, every page checked by axe.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task a_patient_case_goes_from_the_form_to_a_signed_report_read_in_the_browser()
    {
        var records = Directory.CreateTempSubdirectory("so-portal-records-").FullName;
        var pathology = Path.Combine(records, "pathology-report.pdf");
        var scan = Path.Combine(records, "clinic-note-scan.png");
        var notAPdf = Path.Combine(records, "holiday-video.pdf");
        // A finding that makes the case urgent though the patient asked for the standard tier: triage recommends raising it.
        await File.WriteAllBytesAsync(pathology, SampleRecords.TextPdf([.. SampleRecords.PathologyReport, "Bone scan 2026-11-20: metastasis to the lumbar spine (ICD-10-CM C79.51)."]));
        await File.WriteAllBytesAsync(scan, SampleRecords.ScannedNotePng());
        await File.WriteAllBytesAsync(notAPdf, [0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6D, 0x70, 0x34, 0x32, 0, 0, 0, 0]);

        // The patient, on a phone: the form, then the records (one refused), then submit.
        var patient = await portal.NewPageAsync(phone: true);
        await SignInAsync(patient, "patient", "patient-journey");
        await CheckPageAsync(patient, "patient-my-cases-empty");
        await patient.GetByRole(AriaRole.Link, new() { Name = "Ask for a second opinion" }).ClickAsync();
        await patient.GetByLabel("Full name").FillAsync("Alex Browser");
        await patient.GetByLabel("Date of birth").FillAsync("1961-04-12");
        await patient.GetByLabel("E-mail").FillAsync("alex.browser@example.org");
        await patient.GetByLabel("Where you live").SelectOptionAsync("US-OH");
        await patient.GetByLabel("What is it about?").SelectOptionAsync("oncology");
        await patient.GetByLabel("Your question for the specialists").FillAsync("Is radical prostatectomy the right treatment, or is active surveillance reasonable?");
        await patient.GetByLabel("The diagnosis you were given (if any)").FillAsync("Prostate adenocarcinoma, Gleason 3+4");
        await patient.GetByLabel("The treatment you were offered (if any)").FillAsync("Radical prostatectomy");
        await patient.GetByText("I have read this and agree").ClickAsync();
        await CheckPageAsync(patient, "patient-new-case");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Create my case" }).ClickAsync();

        await Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "Your case" })).ToBeVisibleAsync();
        var caseId = patient.Url.Split('/').Last();
        await patient.Locator("#record-files").SetInputFilesAsync([pathology, scan, notAPdf]);
        var uploads = patient.GetByRole(AriaRole.List, new() { Name = "Uploads" });
        await Expect(uploads.Locator("li").Filter(new() { HasText = "pathology-report.pdf" }).GetByText("Uploaded")).ToBeVisibleAsync();
        await Expect(uploads.Locator("li").Filter(new() { HasText = "clinic-note-scan.png" }).GetByText("Uploaded")).ToBeVisibleAsync();
        var refused = uploads.Locator("li").Filter(new() { HasText = "holiday-video.pdf" });
        await Expect(refused.GetByText("Refused")).ToBeVisibleAsync();
        await Expect(refused.Locator(".field-error")).ToContainTextAsync("not a valid application/pdf file");
        await Expect(patient.Locator("[data-test=documents] > li")).ToHaveCountAsync(2);
        await CheckPageAsync(patient, "patient-case-records");

        await patient.GetByRole(AriaRole.Button, new() { Name = "Send my case to the specialists" }).ClickAsync();
        await Expect(patient.Locator(".badge.ok").Filter(new() { HasText = "Read" })).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Expect(patient.Locator(".clock")).ToBeVisibleAsync();
        await CheckPageAsync(patient, "patient-case-submitted");

        // Each matched specialist, in their own browser: the offer in the inbox, accepted, the case read, the opinion given.
        var reviewed = new HashSet<string>();
        await WaitAsync(async () =>
        {
            foreach (var offer in (await AssignmentsAsync(caseId)).Where(a => a.Status == AssignmentStatus.Offered && !reviewed.Contains(a.Id)))
            {
                await ReviewInTheBrowserAsync(offer, first: reviewed.Count == 0);
                reviewed.Add(offer.Id);
            }
            var assignments = await AssignmentsAsync(caseId);
            return reviewed.Count > 0 && assignments.All(a => !a.IsActive) ? (object)true : null;
        }, "every seat's opinion", seconds: 240);
        Assert.True(reviewed.Count >= 2, $"a panel of {reviewed.Count}");

        // The medical director: the queue, the packet with the opinions side by side, the signature.
        var director = await portal.NewPageAsync();
        await SignInAsync(director, "director", "director-1");
        await director.GetByRole(AriaRole.Link, new() { Name = "Sign-off queue" }).ClickAsync();
        var queued = director.Locator($"[data-test=queue-row][data-case-id='{caseId}']");
        await Expect(queued).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await CheckPageAsync(director, "director-queue");
        await queued.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(director.Locator(".opinions > article")).ToHaveCountAsync(reviewed.Count);
        await CheckPageAsync(director, "director-packet");
        await director.Locator("#note").FillAsync("I have read the opinions and the evidence; I agree with the panel.");
        await director.Locator("[data-test=sign]").ClickAsync();
        await Expect(director.Locator("#outcome")).ToContainTextAsync("You signed the report");

        // The patient reads the signed report and downloads the PDF.
        await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "Read your report" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await patient.GetByRole(AriaRole.Link, new() { Name = "Read your report" }).ClickAsync();
        await Expect(patient.FrameLocator("iframe[title='Your signed report']").Locator("body")).ToContainTextAsync("Signed", new() { Timeout = 30_000 });
        var download = await patient.RunAndWaitForDownloadAsync(() => patient.GetByRole(AriaRole.Button, new() { Name = "Download the report (PDF)" }).ClickAsync());
        var pdfPath = Path.Combine(records, "report.pdf");
        await download.SaveAsAsync(pdfPath);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(pdfPath))[..4]));
        await CheckPageAsync(patient, "patient-report");
        await patient.GetByRole(AriaRole.Link, new() { Name = "My cases" }).ClickAsync();
        await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "Read your report" })).ToBeVisibleAsync();
        await CheckPageAsync(patient, "patient-my-cases");

        // Ops: the case on the board, and the escalation triage raised (the urgent finding), resolved in place.
        var ops = await portal.NewPageAsync();
        await SignInAsync(ops, "ops", "ops-journey");
        await Expect(ops.GetByRole(AriaRole.Heading, new() { Name = "Cases board" })).ToBeVisibleAsync();
        await CheckPageAsync(ops, "ops-board");
        await ops.GetByRole(AriaRole.Link, new() { Name = "Escalations" }).ClickAsync();
        var escalation = ops.Locator($"[data-test=escalation-row][data-escalation-id='{caseId}-tier-raise']");
        await Expect(escalation).ToBeVisibleAsync();
        await CheckPageAsync(ops, "ops-escalations");
        await escalation.GetByLabel("How it was resolved").FillAsync("The director reviewed the finding at sign-off; the report went out within the urgent window.");
        await escalation.Locator("button[data-test=resolve]").ClickAsync();
        await Expect(escalation).ToHaveCountAsync(0, new() { Timeout = 15_000 }); // gone from the open queue
        await ops.GotoAsync($"/ops/escalations?caseId={caseId}");
        await Expect(ops.Locator($"[data-test=escalation-row][data-escalation-id='{caseId}-tier-raise']").GetByText("resolved", new() { Exact = true })).ToBeVisibleAsync();
    }


    /// <summary>One specialist's part, start to end, in a browser profile of their own.</summary>
    private async Task ReviewInTheBrowserAsync(Assignment offer, bool first)
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await SignInAsync(page, "specialist", offer.SpecialistId);
        await page.GetByRole(AriaRole.Link, new() { Name = "Offers and reviews" }).ClickAsync();
        var row = page.Locator($"[data-test=offer-row][data-assignment-id='{offer.Id}']");
        await Expect(row.Locator(".clock")).ToContainTextAsync("left");
        if (first) await CheckPageAsync(page, "specialist-inbox");
        await row.Locator("[data-test=accept]").ClickAsync();
        await Expect(page.Locator(".banner.success")).ToContainTextAsync("You accepted");
        await row.GetByRole(AriaRole.Link, new() { Name = "Open the case" }).ClickAsync();
        await Expect(page.Locator("mark.fact").First).ToBeVisibleAsync();
        if (first) await CheckPageAsync(page, "specialist-assignment");

        await page.GetByLabel("Modify the plan").CheckAsync();
        await page.Locator("#diagnosis").FillAsync("Prostate adenocarcinoma, Gleason 3+4, with a lumbar metastasis to confirm");
        await page.Locator("#recommendation").FillAsync("Confirm the bone lesion with MRI before any surgery; systemic therapy if confirmed.");
        await page.Locator("#recommendationKind").SelectOptionAsync("more-tests");
        await page.Locator("#surgeryNecessary-no").CheckAsync();
        await page.Locator("#confidence").FillAsync("0.8");
        await page.Locator("#narrative").FillAsync($"Reviewed the pathology report and the clinic note as {offer.Subspecialty}.");
        await page.Locator("#answers").FillAsync("Not yet: the possible metastasis must be characterised first.");
        await page.Locator("[data-test=submit-opinion]").ClickAsync();
        try
        {
            await Expect(page.Locator(".banner.success")).ToContainTextAsync("Your opinion was submitted");
        }
        catch (PlaywrightException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(PortalFixture.ArtifactsDirectory, $"failed-opinion-{offer.SpecialistId}.png"), FullPage = true });
            var problems = await page.Locator(".banner.error, .field-error").AllInnerTextsAsync();
            throw new Xunit.Sdk.XunitException($"{offer.SpecialistId}'s opinion was not taken: {string.Join(" | ", problems)}");
        }
        await page.Context.CloseAsync();
    }

    // Who was offered a seat comes from the store (the e-mail a reviewer would get); what they do is in the browser.
    private async Task<IReadOnlyList<Assignment>> AssignmentsAsync(string caseId) =>
        await portal.Host.Host!.Services.GetRequiredService<IAssignmentRepository>().ForCaseAsync(caseId);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, int seconds) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"No {what} within {seconds} s.");
            await Task.Delay(500);
        }
    }
}
