namespace SecondOpinion.Core.Intake;

public static class CaseStages
{
    /// <summary>A case in one of these stages has ended: it leaves the open board and its workflow is over.</summary>
    public static bool IsClosed(this CaseStage stage) => stage is CaseStage.Completed or CaseStage.Expired or CaseStage.Cancelled;

    /// <summary>The stages of open cases, in workflow order (what the ops board can be narrowed to).</summary>
    public static IReadOnlyList<CaseStage> Open { get; } = Enum.GetValues<CaseStage>().Where(s => !s.IsClosed()).ToList();
}
