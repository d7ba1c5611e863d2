namespace SecondOpinion.Core.Review;

public sealed record ReviewerOpinion(string AssignmentId, string SpecialistId, string Subspecialty, Opinion Opinion);

public sealed record ConsensusResult(
    Agreement? Agreement,
    bool Concordant,
    bool? SurgeryNecessary,
    double MeanConfidence,
    int OpinionCount,
    IReadOnlyList<string> DissentingSpecialists,
    string Summary);

/// <summary>
/// Reconciles structured opinions. Concordant when every reviewer gives the same agreement, the same
/// answer on surgery and, among those who would modify the treatment, the same kind of
/// recommendation (two reviewers who "modify" towards radiation and towards surgery disagree);
/// otherwise the majority (weighted by confidence on ties) leads and the dissent is named, so the
/// report never hides a disagreement.
/// </summary>
public static class ConsensusBuilder
{
    public static ConsensusResult Reconcile(IReadOnlyList<ReviewerOpinion> opinions)
    {
        if (opinions.Count == 0)
            return new ConsensusResult(null, false, null, 0, 0, [], "No reviewer opinion was received; the medical director must review this case.");

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
        var verdict = agreement switch
        {
            Agreement.Confirm => "confirms the current diagnosis and proposed treatment",
            Agreement.Modify when modifyKind is { } k => $"recommends modifying the proposed treatment (towards {Common.EnumNames.Of(k).Replace('-', ' ')})",
            Agreement.Modify => "recommends modifying the proposed treatment",
            _ => "disagrees with the current diagnosis or proposed treatment",
        };
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
