using Microsoft.DurableTask;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// When a person's window ends: working hours in the specialist's own time zone and their licence's
/// holidays (an 8-hour offer made on Friday evening runs into Monday), or the patient's calendar for
/// the director and the panel as a whole; never after the case SLA. An activity, because calendars
/// and the directory are configuration: the result is recorded, so replays see the same deadline.
/// </summary>
public sealed class HumanWindowActivity(ICaseRepository cases, SpecialistDirectory directory, BusinessCalendars calendars, HumanWindowPolicy windows)
    : CaseActivity<WindowRequest, WindowTimes>
{
    protected override string CaseIdOf(WindowRequest input) => input.CaseId;

    protected override async Task<WindowTimes> ExecuteAsync(TaskActivityContext context, WindowRequest input)
    {
        var caseFile = await cases.GetAsync(input.CaseId);
        var calendar = calendars.For(caseFile.Patient.Jurisdiction);
        if (input.SpecialistId is not null && await directory.FindAsync(input.SpecialistId) is { } specialist)
        {
            calendar = calendars.For(specialist.LicensedJurisdictions.FirstOrDefault() ?? caseFile.Patient.Jurisdiction);
            if (specialist.TimeZone is { } zone && BusinessCalendar.IsKnownTimeZone(zone)) calendar = calendar.InTimeZone(zone);
        }
        var deadline = windows.Deadline(input.Start, input.Window, input.ReminderDelay, calendar, input.CaseDueAt);
        return new WindowTimes(deadline.RemindAt, deadline.DueAt, deadline.Limit);
    }
}
