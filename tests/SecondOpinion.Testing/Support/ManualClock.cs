namespace SecondOpinion.Tests.Support;

/// <summary>A clock tests move by hand (deadlines without waiting).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    public override DateTimeOffset GetUtcNow() => now;
    public void Advance(TimeSpan by) => now += by;
}
