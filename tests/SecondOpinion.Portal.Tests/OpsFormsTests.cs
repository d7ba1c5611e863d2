using System.Text.Json;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Ops;

namespace SecondOpinion.Portal.Tests;

public sealed class OpsFormsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.CreateCustomTimeZone("test/Tokyo", TimeSpan.FromHours(9), "Tokyo", "Tokyo");

    private static JsonElement Json(object body) => JsonSerializer.SerializeToElement(body, body.GetType(), PortalApi.Json);

    private static SpecialistView Entry() => new()
    {
        Id = "sp-001", Name = "Dr. A", Email = "a@example.org", Subspecialties = ["neuroradiology", "radiology"], LicensedJurisdictions = ["US-CA", "JP"],
        Languages = ["en", "ja"], Affiliations = ["h-1"], BoardCertifications = ["ABR Diagnostic Radiology, 2009"], MaxActiveCases = 4, Available = false,
        TimeOff = [new TimeOffView(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(9)))],
        UnavailableUntil = new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero), YearsExperience = 12, MedianTurnaroundHours = 30.5, TimeZone = "Asia/Tokyo",
    };

    [Fact]
    public void an_entry_goes_back_as_it_came_so_a_put_loses_nothing()
    {
        var body = Json(SpecialistForm.From(Entry(), Tokyo).ToRequest(Tokyo));
        Assert.Equal("Dr. A", body.GetProperty("name").GetString());
        Assert.Equal(["neuroradiology", "radiology"], body.GetProperty("subspecialties").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["US-CA", "JP"], body.GetProperty("licensedJurisdictions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["ABR Diagnostic Radiology, 2009"], body.GetProperty("boardCertifications").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4, body.GetProperty("maxActiveCases").GetInt32());
        Assert.False(body.GetProperty("available").GetBoolean());
        Assert.Equal(12, body.GetProperty("yearsExperience").GetInt32());
        Assert.Equal(30.5, body.GetProperty("medianTurnaroundHours").GetDouble());
        Assert.Equal("Asia/Tokyo", body.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero), body.GetProperty("unavailableUntil").GetDateTimeOffset());
        var period = body.GetProperty("timeOff")[0];
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.FromHours(9)), period.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(9)), period.GetProperty("until").GetDateTimeOffset());
    }

    [Fact]
    public void time_off_is_shown_and_read_in_the_readers_zone()
    {
        var form = SpecialistForm.From(Entry(), Tokyo);
        Assert.Equal("2026-12-24T00:00", form.TimeOff[0].From);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.FromHours(9)), SpecialistForm.Instant("2026-12-24T00:00", Tokyo));
    }

    [Fact]
    public void blanks_are_absent_and_what_does_not_parse_is_sent_as_typed_for_the_api_to_name()
    {
        var form = new SpecialistForm { Name = "  ", MaxActiveCases = "many", YearsExperience = "", MedianTurnaroundHours = "1,5", Email = " ", TimeZone = "" };
        form.TimeOff.Add(new TimeOffInput { From = "soon", Until = "" });
        form.TimeOff.Add(new TimeOffInput());
        var body = Json(form.ToRequest(Tokyo));
        Assert.False(body.TryGetProperty("name", out _));
        Assert.False(body.TryGetProperty("email", out _));
        Assert.False(body.TryGetProperty("yearsExperience", out _));
        Assert.Equal("many", body.GetProperty("maxActiveCases").GetString());
        Assert.Equal("1,5", body.GetProperty("medianTurnaroundHours").GetString());
        Assert.Equal(0, body.GetProperty("subspecialties").GetArrayLength());
        // The empty period is dropped; the half-typed one goes as typed.
        var periods = body.GetProperty("timeOff");
        Assert.Equal(1, periods.GetArrayLength());
        Assert.Equal("soon", periods[0].GetProperty("from").GetString());
        Assert.False(periods[0].TryGetProperty("until", out _));
    }

    [Fact]
    public void a_hospital_without_any_contact_field_is_sent_without_a_contact()
    {
        var body = Json(new HospitalForm { Name = "General", Jurisdictions = "us-oh, JP-13", Active = false }.ToRequest());
        Assert.False(body.TryGetProperty("contact", out _));
        Assert.Equal(["us-oh", "JP-13"], body.GetProperty("jurisdictions").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public void a_partial_contact_is_sent_so_the_api_names_what_is_missing()
    {
        var body = Json(new HospitalForm { Name = "General", Jurisdictions = "JP", ContactEmail = "desk@example.org" }.ToRequest());
        var contact = body.GetProperty("contact");
        Assert.Equal("desk@example.org", contact.GetProperty("email").GetString());
        Assert.False(contact.TryGetProperty("name", out _));
    }

    [Fact]
    public void a_hospital_round_trips_through_the_form()
    {
        var form = HospitalForm.From(new HospitalView("h-1", "General", ["US-OH"], new HospitalContactView("Desk", "desk@example.org", "+1 555"), true));
        Assert.Equal(("US-OH", "Desk", "+1 555"), (form.Jurisdictions, form.ContactName, form.ContactPhone));
        Assert.Equal("+1 555", Json(form.ToRequest()).GetProperty("contact").GetProperty("phone").GetString());
    }
}

public sealed class QuarantineEntryTests
{
    [Fact]
    public void the_servers_array_is_read_with_its_counts()
    {
        var body = JsonDocument.Parse("""
            [{"hospitalId":"h-1","batchId":"b0123456789abcdef","quarantinedAt":"2026-12-01T09:00:00+00:00","reason":"checksum-mismatch","detail":"2 of 3 files differ","files":3,"bytes":2048}]
            """).RootElement;
        var entry = Assert.Single(QuarantineEntry.ParseList(body));
        Assert.Equal(new QuarantineEntry("h-1", "b0123456789abcdef", new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), "checksum-mismatch", "2 of 3 files differ", 3, 2048), entry);
    }

    [Fact]
    public void an_object_page_and_other_time_names_are_read_too()
    {
        var body = JsonDocument.Parse("""{"items":[{"batchId":"b1","at":"2026-12-01T09:00:00Z"},{"hospitalId":"h"}, 5],"continuationToken":"t2"}""").RootElement;
        var entry = Assert.Single(QuarantineEntry.ParseList(body));
        Assert.Equal("b1", entry.BatchId);
        Assert.Equal("", entry.HospitalId);
        Assert.NotNull(entry.At);
        Assert.Null(entry.Files);
        Assert.Equal("t2", QuarantineEntry.ContinuationOf(body));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    public void anything_else_is_an_empty_list(string json) => Assert.Empty(QuarantineEntry.ParseList(JsonDocument.Parse(json).RootElement));
}
