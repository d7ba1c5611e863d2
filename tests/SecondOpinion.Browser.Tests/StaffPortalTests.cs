using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecondOpinion.Core.Review;
using SecondOpinion.Samples;
using static Microsoft.Playwright.Assertions;
using static SecondOpinion.Browser.Tests.PortalSteps;

namespace SecondOpinion.Browser.Tests;

/// <summary>The clinical loop in the browser: a specialist answers an offer and gives an opinion, the medical director signs.</summary>
[Collection(PortalCollection.Name)]
public sealed class StaffPortalTests(PortalFixture portal)
{
    private const string Director = "director-1";

    [Fact]
    public async Task a_specialist_accepts_in_the_inbox_reads_the_record_and_opines_then_the_director_signs_in_the_packet()
    {
        var caseId = await SubmittedCaseAsync();
        var offer = await WaitAsync(async () => (await AssignmentsAsync(caseId)).FirstOrDefault(a => a.Status == AssignmentStatus.Offered), "an offer");

        // The specialist: the offer in the inbox, accepted there, then the case and the opinion.
        var specialist = await StaffPageAsync();
        await SignInAsync(specialist, "specialist", offer.SpecialistId);
        // Through the menu, as a person would: the app stays loaded (no second start on a busy machine).
        await specialist.GetByRole(AriaRole.Link, new() { Name = "Offers and reviews" }).ClickAsync();
        var row = specialist.Locator($"[data-test=offer-row][data-assignment-id='{offer.Id}']");
        await Expect(row.Locator(".clock")).ToContainTextAsync("left");
        await CheckPageAsync(specialist, "specialist-inbox");
        await row.Locator("[data-test=accept]").ClickAsync();
        await Expect(specialist.Locator(".banner.success")).ToContainTextAsync("You accepted");
        await row.GetByRole(AriaRole.Link, new() { Name = "Open the case" }).ClickAsync();

        await Expect(specialist.Locator("mark.fact").First).ToBeVisibleAsync();
        await Expect(specialist.GetByRole(AriaRole.Heading, new() { Name = "The question" })).ToBeVisibleAsync();
        await CheckPageAsync(specialist, "specialist-assignment");
        // The original in the page, through the reviewer's document route, at its page.
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Show the original" }).First.ClickAsync();
        var original = specialist.Locator("iframe.viewer").First;
        await Expect(original).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:.*#page=1$"));

        await specialist.Locator("[data-test=submit-opinion]").ClickAsync();
        await Expect(specialist.Locator("#error-diagnosis")).ToContainTextAsync("Required.");
        await Expect(specialist.Locator("#diagnosis")).ToHaveAttributeAsync("aria-invalid", "true");
        await CheckPageAsync(specialist, "specialist-opinion-invalid");

        await specialist.GetByLabel("Confirm the diagnosis and plan").CheckAsync();
        await specialist.Locator("#diagnosis").FillAsync("Prostate adenocarcinoma, Gleason 3+4");
        await specialist.Locator("#recommendation").FillAsync("Proceed with prostatectomy");
        await specialist.Locator("#recommendationKind").SelectOptionAsync("surgery");
        await specialist.Locator("#surgeryNecessary").CheckAsync();
        await specialist.Locator("#confidence").FillAsync("0.8");
        await specialist.Locator("#narrative").FillAsync("The biopsy supports surgery.");
        await specialist.Locator("#answers").FillAsync("Yes, surgery is appropriate.");
        await specialist.Locator("[data-test=submit-opinion]").ClickAsync();
        await Expect(specialist.Locator(".banner.success")).ToContainTextAsync("Your opinion was submitted");
        await Expect(specialist.Locator("[data-test=submit-opinion]")).ToHaveCountAsync(0);
        await Expect(specialist.GetByText("The biopsy supports surgery.")).ToBeVisibleAsync();

        await specialist.GetByRole(AriaRole.Link, new() { Name = "Past opinions" }).ClickAsync();
        await Expect(specialist.Locator($"[data-test=history-row][data-assignment-id='{offer.Id}']")).ToBeVisibleAsync();
        await CheckPageAsync(specialist, "specialist-history");

        // The rest of the panel over HTTP, until the draft waits for the director.
        var tokens = new Dictionary<string, string>();
        var directorToken = await portal.ApiTokenAsync(Director, "director");
        await WaitAsync(async () =>
        {
            await ReviewOthersAsync(caseId, offer.Id, tokens);
            var queue = await portal.ApiAsync(HttpMethod.Get, "/api/director/queue", directorToken);
            return queue.EnumerateArray().Any(i => i.GetProperty("caseId").GetString() == caseId) ? (object)true : null;
        }, "the draft in the sign-off queue", seconds: 120);

        // The director: the queue, the packet, the signature.
        var director = await StaffPageAsync();
        await SignInAsync(director, "director", Director);
        await director.GetByRole(AriaRole.Link, new() { Name = "Sign-off queue" }).ClickAsync();
        var queued = director.Locator($"[data-test=queue-row][data-case-id='{caseId}']");
        await Expect(queued).ToBeVisibleAsync();
        await CheckPageAsync(director, "director-queue");
        await queued.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(director.Locator(".opinions > article").First).ToBeVisibleAsync();
        await CheckPageAsync(director, "director-packet");
        await director.Locator("#note").FillAsync("Agree with the panel.");
        await director.Locator("[data-test=sign]").ClickAsync();
        await Expect(director.Locator("#outcome")).ToContainTextAsync("You signed the report");
        await Expect(director.Locator("[data-test=sign]")).ToHaveCountAsync(0);
    }

    /// <summary>This journey starts the app twice and runs its workflow between: on a loaded two-core machine a step may take longer than the usual 30 s.</summary>
    private async Task<IPage> StaffPageAsync()
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        return page;
    }

    private async Task<string> SubmittedCaseAsync()
    {
        var patient = await portal.ApiTokenAsync($"patient-staff-{Guid.NewGuid():N}"[..22], "patient");
        var created = await portal.ApiAsync(HttpMethod.Post, "/api/cases", patient, JsonContent.Create(new
        {
            patient = new { name = "Alex Test", dateOfBirth = "1961-04-12", email = "alex@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
            consent = new { accepted = true, version = "2026-01" },
            category = "oncology",
            question = "Is radical prostatectomy necessary?",
            currentDiagnosis = "Prostate adenocarcinoma",
            proposedTreatment = "Radical prostatectomy",
            tier = "standard",
        }), 201);
        var caseId = created.GetProperty("id").GetString()!;
        var pdf = new ByteArrayContent(SampleRecords.TextPdf(SampleRecords.PathologyReport));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await portal.Host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, pdf, 201, r => r.Headers.Add("X-File-Name", "pathology.pdf"));
        await portal.ApiAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);
        return caseId;
    }

    // Who holds each seat comes from the store (the notification a reviewer would get); what they do is HTTP.
    private async Task<IReadOnlyList<Assignment>> AssignmentsAsync(string caseId) =>
        await portal.Host.Host!.Services.GetRequiredService<IAssignmentRepository>().ForCaseAsync(caseId);

    private async Task ReviewOthersAsync(string caseId, string mine, Dictionary<string, string> tokens)
    {
        foreach (var a in await AssignmentsAsync(caseId))
        {
            if (!a.IsActive || a.Id == mine) continue;
            if (!tokens.TryGetValue(a.SpecialistId, out var token)) tokens[a.SpecialistId] = token = await portal.ApiTokenAsync(a.SpecialistId, "specialist");
            if (a.Status == AssignmentStatus.Offered)
            {
                await portal.ApiAsync(HttpMethod.Post, $"/api/assignments/{a.Id}/accept", token);
                continue;
            }
            await portal.ApiAsync(HttpMethod.Post, $"/api/assignments/{a.Id}/opinion", token, JsonContent.Create(new
            {
                agreement = "confirm", diagnosis = "Prostate adenocarcinoma", recommendation = "Proceed with prostatectomy", surgeryNecessary = true,
                confidence = 0.8, narrative = $"Reviewed as {a.Subspecialty}.", answers = Array.Empty<string>(),
            }), 201);
        }
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, int seconds = 90) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"No {what} within {seconds} s.");
            await Task.Delay(300);
        }
    }
}
