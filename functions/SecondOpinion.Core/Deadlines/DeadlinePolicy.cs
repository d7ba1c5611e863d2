namespace SecondOpinion.Core.Deadlines;

/// <summary>
/// How long each human wait may take before a reminder and an escalation. Passed into the
/// orchestration as input, so replays see the values the case started with. Configured under
/// <c>Deadlines</c>; demos and tests use seconds, production uses hours and days.
/// </summary>
public sealed record DeadlinePolicy
{
    public TimeSpan IntakeWindow { get; init; } = TimeSpan.FromDays(5);
    public TimeSpan AcceptWindow { get; init; } = TimeSpan.FromHours(8);
    public TimeSpan OpinionWindow { get; init; } = TimeSpan.FromDays(3);
    /// <summary>The medical director's budget to sign, return or add a reviewer, inside the case SLA.</summary>
    public TimeSpan SignOffWindow { get; init; } = TimeSpan.FromDays(1);
    /// <summary>How long the panel has to revise after the director returned the report.</summary>
    public TimeSpan RevisionWindow { get; init; } = TimeSpan.FromDays(1);
    /// <summary>Fraction of a window after which the person waited on gets a reminder.</summary>
    public double ReminderAt { get; init; } = 0.5;

    /// <summary>
    /// The case SLA from records-complete to report. Null: the business-day calendar of the tier
    /// (<see cref="SlaCalendar"/>). Set for demos and tests that cannot wait days.
    /// </summary>
    public TimeSpan? CaseSlaOverride { get; init; }
    /// <summary>Fraction of the SLA after which an unfinished case is escalated as at risk.</summary>
    public double SlaAtRiskAt { get; init; } = 0.75;

    public DateTimeOffset CaseDueAt(ServiceTier tier, DateTimeOffset recordsCompletedAt) => CaseDueAt(tier, recordsCompletedAt, BusinessCalendar.UtcWeekdays);

    /// <summary>The case SLA counted on the patient's jurisdiction's <paramref name="calendar"/>, unless overridden.</summary>
    public DateTimeOffset CaseDueAt(ServiceTier tier, DateTimeOffset recordsCompletedAt, BusinessCalendar calendar) =>
        CaseSlaOverride is { } sla ? recordsCompletedAt.Add(sla) : SlaCalendar.DueAt(tier, recordsCompletedAt, calendar);

    public TimeSpan ReminderDelay(TimeSpan window) => TimeSpan.FromTicks((long)(window.Ticks * Math.Clamp(ReminderAt, 0.05, 0.95)));

    public static DeadlinePolicy For(ServiceTier tier, DeadlinePolicy standard) => tier switch
    {
        ServiceTier.Urgent => standard with
        {
            IntakeWindow = Scale(standard.IntakeWindow, 0.1),
            AcceptWindow = Scale(standard.AcceptWindow, 0.25),
            OpinionWindow = Scale(standard.OpinionWindow, 0.1),
            SignOffWindow = Scale(standard.SignOffWindow, 0.25),
            RevisionWindow = Scale(standard.RevisionWindow, 0.25),
        },
        ServiceTier.Expedited => standard with
        {
            IntakeWindow = Scale(standard.IntakeWindow, 0.5),
            AcceptWindow = Scale(standard.AcceptWindow, 0.5),
            OpinionWindow = Scale(standard.OpinionWindow, 0.5),
            SignOffWindow = Scale(standard.SignOffWindow, 0.5),
            RevisionWindow = Scale(standard.RevisionWindow, 0.5),
        },
        _ => standard,
    };

    private static TimeSpan Scale(TimeSpan t, double factor) => TimeSpan.FromTicks((long)(t.Ticks * factor));
}
