namespace SecondOpinion.Core.Deadlines;

/// <summary>A day off by law, on the date it is observed (a US holiday on a Saturday is kept on the Friday).</summary>
public sealed record PublicHoliday(DateOnly Date, string Name);
