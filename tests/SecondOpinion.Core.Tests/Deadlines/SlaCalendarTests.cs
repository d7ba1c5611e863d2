using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

public sealed class SlaCalendarTests
{
    // 2025-06-02 is a Monday.
    private static DateTimeOffset Utc(int day, int hour = 10, int minute = 0) => new(2025, 6, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void standard_is_five_business_days_so_monday_is_due_next_monday()
    {
        Assert.Equal(Utc(9), SlaCalendar.DueAt(ServiceTier.Standard, Utc(2)));
    }

    [Fact]
    public void business_days_skip_the_weekend()
    {
        // Thursday + 2 business days = Monday; Friday + 5 = next Friday.
        Assert.Equal(Utc(9), SlaCalendar.DueAt(ServiceTier.Expedited, Utc(5)));
        Assert.Equal(Utc(13, 17, 30), SlaCalendar.DueAt(ServiceTier.Standard, Utc(6, 17, 30)));
    }

    [Theory]
    [InlineData(7)] // Saturday
    [InlineData(8)] // Sunday
    public void a_weekend_start_counts_from_monday_at_the_same_time_of_day(int day)
    {
        Assert.Equal(Utc(16, 10), SlaCalendar.DueAt(ServiceTier.Standard, Utc(day, 10)));
        Assert.Equal(Utc(11, 10), SlaCalendar.DueAt(ServiceTier.Expedited, Utc(day, 10)));
    }

    [Fact]
    public void zero_business_days_from_a_weekend_is_monday()
    {
        Assert.Equal(Utc(9, 8), SlaCalendar.AddBusinessDays(Utc(7, 8), 0));
        Assert.Equal(Utc(4, 8), SlaCalendar.AddBusinessDays(Utc(4, 8), 0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(7)]
    public void urgent_is_twenty_four_calendar_hours_even_over_a_weekend(int day)
    {
        var start = Utc(day, 15, 45);

        Assert.Equal(start.AddHours(24), SlaCalendar.DueAt(ServiceTier.Urgent, start));
    }

    [Fact]
    public void a_business_day_deadline_never_falls_on_a_weekend()
    {
        for (var day = 1; day <= 14; day++)
        for (var days = 1; days <= 10; days++)
            Assert.False(SlaCalendar.IsWeekend(SlaCalendar.AddBusinessDays(Utc(day), days)), $"start 2025-06-{day:00} + {days}");
    }

    [Fact]
    public void saturday_and_sunday_are_the_weekend()
    {
        Assert.Equal([false, false, false, false, false, true, true], Enumerable.Range(2, 7).Select(d => SlaCalendar.IsWeekend(Utc(d))));
    }

    [Fact]
    public void the_business_day_calendar_is_utc_whatever_the_offset_of_the_start()
    {
        // Friday 22:00 at UTC-5 is Saturday 03:00 UTC, so counting starts on Monday 03:00 UTC.
        var start = new DateTimeOffset(2025, 6, 6, 22, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(Utc(16, 3), SlaCalendar.DueAt(ServiceTier.Standard, start).ToUniversalTime());
    }
}

public sealed class DeadlinePolicyTests
{
    private static readonly DeadlinePolicy Standard = new()
    {
        IntakeWindow = TimeSpan.FromDays(5),
        AcceptWindow = TimeSpan.FromHours(8),
        OpinionWindow = TimeSpan.FromDays(3),
        ReminderAt = 0.6,
    };

    [Fact]
    public void the_standard_tier_uses_the_configured_windows()
    {
        Assert.Equal(Standard, DeadlinePolicy.For(ServiceTier.Standard, Standard));
    }

    [Fact]
    public void the_expedited_tier_halves_every_window()
    {
        var policy = DeadlinePolicy.For(ServiceTier.Expedited, Standard);

        Assert.Equal(TimeSpan.FromDays(2.5), policy.IntakeWindow);
        Assert.Equal(TimeSpan.FromHours(4), policy.AcceptWindow);
        Assert.Equal(TimeSpan.FromDays(1.5), policy.OpinionWindow);
        Assert.Equal(0.6, policy.ReminderAt);
    }

    [Fact]
    public void the_urgent_tier_gives_a_tenth_of_intake_and_opinion_time_and_a_quarter_of_accept_time()
    {
        var policy = DeadlinePolicy.For(ServiceTier.Urgent, Standard);

        Assert.Equal(TimeSpan.FromHours(12), policy.IntakeWindow);
        Assert.Equal(TimeSpan.FromHours(2), policy.AcceptWindow);
        Assert.Equal(TimeSpan.FromHours(7.2), policy.OpinionWindow);
        Assert.Equal(0.6, policy.ReminderAt);
    }

    [Fact]
    public void the_reminder_comes_at_the_configured_fraction_of_a_window()
    {
        Assert.Equal(TimeSpan.FromHours(4), new DeadlinePolicy().ReminderDelay(TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.FromMinutes(60), Standard.ReminderDelay(TimeSpan.FromMinutes(100)));
    }

    [Theory]
    [InlineData(0.0, 5)]
    [InlineData(-1.0, 5)]
    [InlineData(1.0, 95)]
    [InlineData(2.5, 95)]
    public void the_reminder_fraction_is_clamped_between_five_and_ninety_five_percent(double reminderAt, int expectedSeconds)
    {
        var policy = new DeadlinePolicy { ReminderAt = reminderAt };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), policy.ReminderDelay(TimeSpan.FromSeconds(100)));
    }
}
