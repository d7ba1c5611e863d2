namespace SecondOpinion.Core.Intake;

/// <summary>
/// Section <c>Limits</c>: what one caller can make the platform hold, so no case document or
/// orchestration history grows without bound.
/// </summary>
public sealed record CaseLimits
{
    public int MaxDocumentsPerCase { get; init; } = 30;
    public int MaxOpenCasesPerPatient { get; init; } = 5;
}
