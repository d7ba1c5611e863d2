using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Matching;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>The workflow counts people's windows in their own working hours and the SLA on the patient's calendar.</summary>
public sealed class CalendarWindowTests
{
    [Fact]
    public async Task an_offer_runs_for_eight_working_hours_in_the_specialists_own_time_zone_and_never_past_the_case_sla()
    {
        // The cardiologists work in Tokyo; the surgeons have no zone of their own (their US licence's New York calendar).
        var specialists = WorkflowHarness.DefaultSpecialists().Select(s => s.Subspecialties[0] == "cardiology" ? s with { TimeZone = "Asia/Tokyo" } : s).ToList();
        await using var harness = await WorkflowHarness.StartAsync(specialists, settings: new Dictionary<string, string?> { ["Calendars:HumanWindows"] = "working-hours" });
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis.");
        var us = BusinessCalendars.Default.For("US-OH");
        await harness.StartAsync(caseId, WorkflowHarness.Patient(accept: TimeSpan.FromHours(8), opinion: TimeSpan.FromDays(3)), calendar: us);

        var cardiology = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-1", "cardiology offer");
        var surgery = await harness.WaitForAssignmentAsync(caseId, a => a.SeatId == "seat-2", "surgery offer");

        var tokyo = BusinessCalendars.Default.For("US").InTimeZone("Asia/Tokyo");
        Assert.Equal(tokyo.AddWorkingTime(cardiology.OfferedAt, TimeSpan.FromHours(8)), cardiology.AcceptBy, TimeSpan.FromSeconds(5));
        Assert.Equal(us.AddWorkingTime(surgery.OfferedAt, TimeSpan.FromHours(8)), surgery.AcceptBy, TimeSpan.FromSeconds(5));
        Assert.True(tokyo.IsWorkingTime(cardiology.AcceptBy) || cardiology.AcceptBy == tokyo.WorkingIntervalOf(tokyo.LocalDateOf(cardiology.AcceptBy)).Close);
        // Both inside the case SLA: five US business days from the records.
        var sla = SlaCalendar.DueAt(ServiceTier.Standard, (await harness.Cases.GetAsync(caseId)).CreatedAt, us);
        Assert.True(cardiology.AcceptBy <= sla.AddMinutes(1) && surgery.AcceptBy <= sla.AddMinutes(1));
    }
}
