namespace SecondOpinion.Core.Review;

/// <param name="TieBreaker">Given from the tie-breaker seat, by a reviewer who read the panel's opinions.</param>
public sealed record ReviewerOpinion(string AssignmentId, string SpecialistId, string Subspecialty, Opinion Opinion, bool TieBreaker = false);

/// <summary>How the conclusion was reached; the report says it in words.</summary>
public enum ConsensusMethod
{
    /// <summary>Every reviewer agrees.</summary>
    Unanimous,
    /// <summary>Reviewers disagree and nobody has decided yet: the majority leads, the dissent is named.</summary>
    Majority,
    /// <summary>Reviewers disagreed; a tie-breaking reviewer decided.</summary>
    TieBreaker,
    /// <summary>Reviewers disagree and no tie-breaker could decide: the medical director decides at sign-off.</summary>
    DirectorDecides,
    /// <summary>No opinion was received.</summary>
    NoOpinions,
}

public sealed record ConsensusResult(
    Agreement? Agreement,
    bool Concordant,
    bool? SurgeryNecessary,
    double MeanConfidence,
    int OpinionCount,
    IReadOnlyList<string> DissentingSpecialists,
    string Summary)
{
    public ConsensusMethod Method { get; init; } = ConsensusMethod.Majority;
}

/// <summary>
/// Reconciles structured opinions. Concordant when every reviewer gives the same agreement, the same
/// answer on surgery and, among those who would modify the treatment, the same kind of
/// recommendation (two reviewers who "modify" towards radiation and towards surgery disagree);
/// otherwise the majority (weighted by confidence on ties) leads and the dissent is named, so the
/// report never hides a disagreement.
/// </summary>
public static class ConsensusBuilder
{
    /// <param name="tieBreakerUnavailable">The panel disagreed and no tie-breaking reviewer could be found or answered in time.</param>
    public static ConsensusResult Reconcile(IReadOnlyList<ReviewerOpinion> opinions, bool tieBreakerUnavailable = false)
    {
        if (opinions.Count == 0)
            return new ConsensusResult(null, false, null, 0, 0, [], "No reviewer opinion was received; the medical director must review this case.") { Method = ConsensusMethod.NoOpinions };
        var panel = opinions.Where(o => !o.TieBreaker).ToList();
        var tieBreaker = opinions.LastOrDefault(o => o.TieBreaker);
        if (tieBreaker is not null && panel.Count > 0 && !Reconcile(panel).Concordant) return DecidedBy(tieBreaker, opinions);
        var result = ReconcilePanel(opinions);
        if (result.Concordant) return result with { Method = ConsensusMethod.Unanimous };
        return tieBreakerUnavailable
            ? result with
            {
                Method = ConsensusMethod.DirectorDecides,
                Summary = result.Summary + " No tie-breaking reviewer was available; the medical director decides.",
            }
            : result;
    }

    /// <summary>
    /// The tie-breaker read every opinion and decides: the conclusion is theirs, and the panel
    /// members whose opinion differs from it are named as dissenting.
    /// </summary>
    private static ConsensusResult DecidedBy(ReviewerOpinion tieBreaker, IReadOnlyList<ReviewerOpinion> opinions)
    {
        var decided = tieBreaker.Opinion;
        var dissent = opinions
            .Where(o => !o.TieBreaker && (o.Opinion.Agreement != decided.Agreement || o.Opinion.SurgeryNecessary != decided.SurgeryNecessary
                || (decided.Agreement == Agreement.Modify && o.Opinion.Kind != decided.Kind)))
            .Select(o => o.SpecialistId).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        var panelCount = opinions.Count(o => !o.TieBreaker);
        var summary = $"The {panelCount} panel reviewers disagreed; a tie-breaking reviewer in {tieBreaker.Subspecialty}, who read every opinion, decided: "
            + $"the panel {Verdict(decided.Agreement, decided.Agreement == Agreement.Modify ? decided.Kind : null)}; "
            + (decided.SurgeryNecessary ? "surgery is considered necessary" : "surgery is not considered necessary") + "."
            + (dissent.Count > 0 ? $" {dissent.Count} of {panelCount} panel reviewers dissent." : "");
        return new ConsensusResult(decided.Agreement, false, decided.SurgeryNecessary, Math.Round(opinions.Average(o => o.Opinion.Confidence), 3),
            opinions.Count, dissent, summary) { Method = ConsensusMethod.TieBreaker };
    }

    private static string Verdict(Agreement agreement, RecommendationKind? modifyKind) => agreement switch
    {
        Agreement.Confirm => "confirms the current diagnosis and proposed treatment",
        Agreement.Modify when modifyKind is { } k => $"recommends modifying the proposed treatment (towards {Common.EnumNames.Of(k).Replace('-', ' ')})",
        Agreement.Modify => "recommends modifying the proposed treatment",
        _ => "disagrees with the current diagnosis or proposed treatment",
    };

    private static ConsensusResult ReconcilePanel(IReadOnlyList<ReviewerOpinion> opinions)
    {

        var agreement = opinions
            .GroupBy(o => o.Opinion.Agreement)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Sum(o => o.Opinion.Confidence))
            .ThenBy(g => g.Key)
            .First().Key;

        var surgeryYes = opinions.Count(o => o.Opinion.SurgeryNecessary);
        var surgeryNo = opinions.Count - surgeryYes;
        bool? surgery = surgeryYes == surgeryNo ? null : surgeryYes > surgeryNo;

        // Among the modifiers: the kind most of them recommend (confidence on ties); others dissent.
        var modifiers = opinions.Where(o => o.Opinion.Agreement == Agreement.Modify).ToList();
        RecommendationKind? modifyKind = modifiers.Count == 0 ? null : modifiers
            .GroupBy(o => o.Opinion.Kind)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Sum(o => o.Opinion.Confidence))
            .ThenBy(g => g.Key)
            .First().Key;
        var kindsAgree = modifiers.All(o => o.Opinion.Kind == modifyKind);

        var dissent = opinions
            .Where(o => o.Opinion.Agreement != agreement || (surgery is { } s && o.Opinion.SurgeryNecessary != s)
                || (agreement == Agreement.Modify && o.Opinion.Agreement == Agreement.Modify && o.Opinion.Kind != modifyKind))
            .Select(o => o.SpecialistId).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        var concordant = opinions.All(o => o.Opinion.Agreement == agreement) && surgery is not null && (surgeryYes == 0 || surgeryNo == 0) && kindsAgree;
        if (concordant) dissent = [];

        var mean = Math.Round(opinions.Average(o => o.Opinion.Confidence), 3);
        var verdict = Verdict(agreement, modifyKind);
        var surgeryText = surgery switch
        {
            true => "surgery is considered necessary",
            false => "surgery is not considered necessary",
            null => "the panel is split on whether surgery is necessary",
        };
        var summary = concordant
            ? $"All {opinions.Count} reviewers agree: the panel {verdict}; {surgeryText}."
            : $"The panel majority {verdict}; {surgeryText}." + (dissent.Count > 0 ? $" {dissent.Count} of {opinions.Count} reviewers dissent." : "");
        return new ConsensusResult(agreement, concordant, surgery, mean, opinions.Count, dissent, summary);
    }
}
