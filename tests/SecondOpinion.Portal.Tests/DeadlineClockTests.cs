using SecondOpinion.Portal.Shared;

namespace SecondOpinion.Portal.Tests;

public sealed class DeadlineClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_clock_is_at_risk_in_the_last_quarter_of_its_window_and_breached_after_it()
    {
        var due = Start.AddHours(100);
        Assert.Equal(ClockState.OnTrack, DeadlineClock.StateOf(Start.AddHours(74), due, Start));
        Assert.Equal(ClockState.AtRisk, DeadlineClock.StateOf(Start.AddHours(76), due, Start));
        Assert.Equal(ClockState.Breached, DeadlineClock.StateOf(due, due, Start));
    }

    [Fact]
    public void without_a_start_the_last_hour_is_at_risk()
    {
        var due = Start.AddHours(5);
        Assert.Equal(ClockState.OnTrack, DeadlineClock.StateOf(Start, due));
        Assert.Equal(ClockState.AtRisk, DeadlineClock.StateOf(due.AddMinutes(-59), due));
    }

    [Theory]
    [InlineData(0, 0, 4, 9, "4 min 09 s")]
    [InlineData(0, 3, 5, 0, "3 h 05 min")]
    [InlineData(2, 4, 0, 0, "2 d 4 h")]
    public void the_time_left_is_coarse_when_far_and_to_the_second_when_near(int days, int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, DeadlineClock.Remaining(new TimeSpan(days, hours, minutes, seconds)));
}
