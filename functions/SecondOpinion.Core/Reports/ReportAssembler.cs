using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Reports;

/// <summary>Gathers what a report says from the store: the case, every opinion given, each reviewer's name.</summary>
public sealed class ReportAssembler(IAssignmentRepository assignments, SpecialistDirectory directory)
{
    public async Task<CaseReport> AssembleAsync(CaseFile caseFile, DateTimeOffset issuedAt, ReportSignature? signature = null, int version = 1, bool draft = false,
        CancellationToken ct = default)
    {
        var opinions = await BuildConsensusActivity.CompletedOpinionsAsync(assignments, caseFile.Id);
        var reviewers = new List<ReportReviewer>();
        foreach (var o in opinions)
        {
            var specialist = await directory.FindAsync(o.SpecialistId, ct);
            reviewers.Add(new ReportReviewer(o.SpecialistId, specialist?.Name ?? o.SpecialistId, o.Subspecialty, o.Opinion) { TieBreaker = o.TieBreaker });
        }
        var consensus = caseFile.Consensus ?? ConsensusBuilder.Reconcile(opinions);
        return ReportBuilder.Build(caseFile, reviewers, consensus, issuedAt, signature, version) with { Draft = draft };
    }
}
