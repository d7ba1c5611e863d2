using System.Net.Http.Headers;
using System.Text.Json;
using SecondOpinion.Core.Common;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

/// <summary>An unreadable record over HTTP on the local host, read by its real (child-process) reader.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnreadableRecordTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task the_patient_sees_why_a_record_could_not_be_read_and_what_to_do_and_is_told_once()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var patient = await host.TokenAsync("patient-unreadable", Roles.Patient);
        var caseId = await CaseJourneyTests.CreateCaseWithRecordAsync(host, patient);
        var locked = new ByteArrayContent(CraftedRecords.PasswordProtectedPdf());
        locked.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var upload = await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/documents", patient, locked, 201, r => r.Headers.Add("X-File-Name", "locked.pdf"));
        var lockedId = upload.GetProperty("id").GetString();
        await host.JsonAsync(HttpMethod.Post, $"/api/cases/{caseId}/submit", patient, null, 202);

        JsonElement view;
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            view = await host.JsonAsync(HttpMethod.Get, $"/api/cases/{caseId}", patient);
            if (view.GetProperty("documents").EnumerateArray().All(d => d.GetProperty("readingStatus").GetString() != "pending")) break;
            Assert.True(DateTime.UtcNow < until, "the records were not read in time");
            await Task.Delay(250);
        }

        var documents = view.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal("read", documents.Single(d => d.GetProperty("id").GetString() != lockedId).GetProperty("readingStatus").GetString());
        var unreadable = documents.Single(d => d.GetProperty("id").GetString() == lockedId);
        Assert.Equal("unreadable", unreadable.GetProperty("readingStatus").GetString());
        var problem = unreadable.GetProperty("extraction").GetProperty("problem");
        Assert.Equal("password-protected", problem.GetProperty("code").GetString());
        Assert.Equal("password-protected", unreadable.GetProperty("extraction").GetProperty("error").GetString());
        Assert.Contains("upload a copy without a password", problem.GetProperty("nextStep").GetString());
        Assert.Contains(view.GetProperty("timeline").EnumerateArray(), t =>
            t.GetProperty("event").GetString()!.Contains(lockedId!) && t.GetProperty("event").GetString()!.Contains(problem.GetProperty("reason").GetString()!));

        var mine = await host.JsonAsync(HttpMethod.Get, "/api/notifications", patient);
        var notice = Assert.Single(mine.EnumerateArray(), n => n.GetProperty("kind").GetString() == "record-unreadable");
        Assert.EndsWith($"/cases/{caseId}", notice.GetProperty("link").GetString());
        Assert.DoesNotContain("locked.pdf", notice.GetProperty("body").GetString());
    }
}
