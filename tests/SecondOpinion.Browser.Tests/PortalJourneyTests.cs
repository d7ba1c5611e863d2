using System.Text.Json;
using Microsoft.Playwright;
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
        await File.WriteAllBytesAsync(pathology, SampleRecords.TextPdf(SampleRecords.PathologyReport));
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

        // The panel and the director (through the API for now).
        await PlayPanelAndDirectorAsync(caseId);

        // The patient reads the signed report and downloads the PDF.
        await Expect(patient.GetByRole(AriaRole.Link, new() { Name = "Read your report" })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await patient.GetByRole(AriaRole.Link, new() { Name = "Read your report" }).ClickAsync();
        await Expect(patient.FrameLocator("iframe[title='Your signed report']").Locator("body")).ToContainTextAsync("Signed", new() { Timeout = 30_000 });
        var download = await patient.RunAndWaitForDownloadAsync(() => patient.GetByRole(AriaRole.Button, new() { Name = "Download the report (PDF)" }).ClickAsync());
        var pdfPath = Path.Combine(records, "report.pdf");
        await download.SaveAsAsync(pdfPath);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(pdfPath))[..4]));
        await CheckPageAsync(patient, "patient-report");
    }

    private async Task PlayPanelAndDirectorAsync(string caseId)
    {
        var ops = await portal.ApiTokenAsync("ops-journey", "ops");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var done = new HashSet<string>();
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var view = await portal.ApiAsync(HttpMethod.Get, $"/api/cases/{caseId}", ops);
            var stage = view.GetProperty("stage").GetString();
            last = $"{stage}; timeline: {string.Join(" | ", view.GetProperty("timeline").EnumerateArray().TakeLast(4).Select(t => t.GetProperty("event").GetString()))}";
            if (stage is "signoff")
            {
                var director = await portal.ApiTokenAsync("director-1", "director");
                await portal.ApiAsync(HttpMethod.Post, $"/api/director/cases/{caseId}/signoff", director,
                    System.Net.Http.Json.JsonContent.Create(new { decision = "sign", note = "Reviewed; I agree with the panel." }), expect: 201);
                return;
            }
            var panel = await portal.ApiAsync(HttpMethod.Get, $"/api/ops/cases/{caseId}/panel", ops);
            var candidates = panel.GetProperty("seats").EnumerateArray()
                .SelectMany(seat => seat.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("specialistId").GetString()!)).Distinct();
            foreach (var specialist in candidates)
            {
                var token = await portal.ApiTokenAsync(specialist, "specialist");
                foreach (var a in (await portal.ApiAsync(HttpMethod.Get, "/api/assignments", token)).EnumerateArray())
                {
                    var id = a.GetProperty("id").GetString()!;
                    if (done.Contains(id) || a.GetProperty("caseId").GetString() != caseId) continue;
                    if (a.GetProperty("status").GetString() == "offered")
                        await portal.ApiAsync(HttpMethod.Post, $"/api/assignments/{id}/accept", token);
                    await portal.ApiAsync(HttpMethod.Post, $"/api/assignments/{id}/opinion", token, System.Net.Http.Json.JsonContent.Create(new
                    {
                        agreement = "modify", diagnosis = "Prostate adenocarcinoma, Gleason 3+4, low volume",
                        recommendation = "Active surveillance with MRI in 6 months is reasonable.", recommendationKind = "surveillance",
                        surgeryNecessary = false, confidence = 0.8, narrative = "Reviewed the pathology and the clinic note.",
                    }), expect: 201);
                    done.Add(id);
                }
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"case {caseId} did not reach sign-off: {last}");
    }
}
