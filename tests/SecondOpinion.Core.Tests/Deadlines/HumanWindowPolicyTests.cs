using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Core.Tests.Deadlines;

public sealed class HumanWindowPolicyTests
{
    private static readonly BusinessCalendar NewYork = BusinessCalendars.Default.For("US");
    private static readonly HumanWindowPolicy WorkingHours = new();
    private static readonly HumanWindowPolicy Elapsed = new() { Mode = HumanWindowMode.Elapsed };
    private static readonly TimeSpan Eight = TimeSpan.FromHours(8);
    private static readonly TimeSpan Four = TimeSpan.FromHours(4);

    // Friday 5 June 2026, 20:00 EDT.
    private static readonly DateTimeOffset FridayEvening = new(2026, 6, 5, 20, 0, 0, TimeSpan.FromHours(-4));

    private static DateTimeOffset Edt(int day, int hour, int minute = 0) => new(2026, 6, day, hour, minute, 0, TimeSpan.FromHours(-4));

    [Fact]
    public void an_accept_window_offered_on_a_friday_evening_ends_on_monday_afternoon_with_the_reminder_at_its_working_half()
    {
        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, NewYork, caseDueAt: null);

        Assert.Equal(Edt(8, 17), deadline.DueAt);
        Assert.Equal(Edt(8, 13), deadline.RemindAt);
        Assert.Equal(HumanWindowLimit.None, deadline.Limit);
        Assert.False(deadline.Capped);
        Assert.Equal(deadline.DueAt, deadline.UncappedDueAt);
    }

    [Fact]
    public void elapsed_windows_are_plain_durations_for_demos_and_tests()
    {
        var deadline = Elapsed.Deadline(FridayEvening, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), NewYork, caseDueAt: null);

        Assert.Equal(FridayEvening.AddSeconds(30), deadline.DueAt);
        Assert.Equal(FridayEvening.AddSeconds(15), deadline.RemindAt);
        Assert.Equal(FridayEvening, deadline.Start);
    }

    [Fact]
    public void a_window_never_ends_after_the_case_sla_and_says_it_was_capped()
    {
        var sla = Edt(8, 12);

        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, NewYork, sla);

        Assert.Equal(sla, deadline.DueAt);
        Assert.Equal(HumanWindowLimit.CappedAtCaseSla, deadline.Limit);
        Assert.True(deadline.Capped);
        Assert.Equal(Edt(8, 17), deadline.UncappedDueAt);
        // Three working hours are left before the SLA: the reminder comes at half of them, not on Sunday.
        Assert.Equal(Edt(8, 10, 30), deadline.RemindAt);
    }

    [Fact]
    public void an_opinion_window_longer_than_the_case_sla_is_capped_at_it()
    {
        // Three days of working time is 72 working hours, eight business days; the standard SLA is five.
        var start = Edt(1, 9);
        var sla = SlaCalendar.DueAt(ServiceTier.Standard, start, NewYork);

        var deadline = WorkingHours.Deadline(start, TimeSpan.FromDays(3), TimeSpan.FromDays(1.5), NewYork, sla);

        Assert.Equal(Edt(8, 9), deadline.DueAt);
        Assert.Equal(HumanWindowLimit.CappedAtCaseSla, deadline.Limit);
        Assert.Equal(Edt(10, 18), deadline.UncappedDueAt);
        Assert.True(deadline.RemindAt < deadline.DueAt);
    }

    [Fact]
    public void a_window_that_ends_before_the_sla_is_not_capped()
    {
        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, NewYork, Edt(12, 9));

        Assert.Equal(HumanWindowLimit.None, deadline.Limit);
        Assert.Equal(Edt(8, 17), deadline.DueAt);
    }

    [Fact]
    public void when_the_sla_has_passed_the_window_is_the_minimum_share_so_its_timer_is_not_in_the_past()
    {
        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, NewYork, FridayEvening.AddHours(-1));

        Assert.Equal(FridayEvening + TimeSpan.FromMinutes(4.8), deadline.DueAt);
        Assert.Equal(HumanWindowLimit.CaseSlaPassed, deadline.Limit);
        Assert.Equal(FridayEvening + TimeSpan.FromMinutes(2.4), deadline.RemindAt);
    }

    [Fact]
    public void the_minimum_share_is_configurable()
    {
        var policy = new HumanWindowPolicy { Mode = HumanWindowMode.Elapsed, MinimumFraction = 0.1 };

        var deadline = policy.Deadline(FridayEvening, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), NewYork, FridayEvening.AddSeconds(1));

        Assert.Equal(FridayEvening.AddSeconds(3), deadline.DueAt);
        Assert.Equal(HumanWindowLimit.CaseSlaPassed, deadline.Limit);
    }

    [Fact]
    public void an_elapsed_window_capped_by_the_sla_keeps_its_reminder_at_the_same_share()
    {
        var deadline = Elapsed.Deadline(FridayEvening, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), NewYork, FridayEvening.AddSeconds(20));

        Assert.Equal(FridayEvening.AddSeconds(20), deadline.DueAt);
        Assert.Equal(FridayEvening.AddSeconds(10), deadline.RemindAt);
        Assert.Equal(HumanWindowLimit.CappedAtCaseSla, deadline.Limit);
    }

    [Fact]
    public void a_window_capped_by_an_sla_on_the_weekend_reminds_halfway_in_elapsed_time()
    {
        // No working time is left before a Sunday SLA: the reminder cannot come "after half of none".
        var sunday = Edt(7, 8);

        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, NewYork, sunday);

        Assert.Equal(sunday, deadline.DueAt);
        Assert.Equal(Edt(6, 14), deadline.RemindAt);
    }

    [Fact]
    public void windows_are_counted_on_the_reviewers_calendar()
    {
        var tokyo = BusinessCalendars.Default.For("JP");

        // Friday 20:00 in New York is Saturday 09:00 in Tokyo: the window runs on Tokyo's Monday.
        var deadline = WorkingHours.Deadline(FridayEvening, Eight, Four, tokyo, caseDueAt: null);

        Assert.Equal(new DateTimeOffset(2026, 6, 8, 17, 0, 0, TimeSpan.FromHours(9)), deadline.DueAt);
    }

    [Fact]
    public void the_policy_reads_the_deadline_policys_reminder_delay()
    {
        var deadlines = new DeadlinePolicy { ReminderAt = 0.25 };

        var deadline = WorkingHours.Deadline(FridayEvening, Eight, deadlines.ReminderDelay(Eight), NewYork, caseDueAt: null);

        Assert.Equal(Edt(8, 11), deadline.RemindAt);
    }
}
