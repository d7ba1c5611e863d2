using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Reports;

/// <summary>Gathers what a report says from the store: the case, every opinion given, each reviewer's name.</summary>
public sealed class ReportAssembler(IAssignmentRepository assignments, SpecialistDirectory directory, SignOff.SignOffPolicy directors)
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
        var followUps = new List<ReportFollowUp>();
        foreach (var q in caseFile.FollowUps.Where(q => q.AddendumVersion is not null && q.Answer is not null))
        {
            var name = q.AnsweredBy is null ? null : (await directory.FindAsync(q.AnsweredBy, ct))?.Name;
            followUps.Add(new ReportFollowUp(q.Id, q.Text, q.Answer!, name ?? q.AnsweredBy ?? "", q.AnsweredAt ?? issuedAt, q.AddendumVersion!.Value));
        }
        return ReportBuilder.Build(caseFile, reviewers, consensus, issuedAt, signature, version) with { Draft = draft, FollowUps = followUps };
    }

    /// <summary>The medical director's signature the case's report carries: the decision that signed it.</summary>
    public ReportSignature? DirectorSignature(CaseFile caseFile)
    {
        if (caseFile.SignOffs.LastOrDefault(d => d.Decision == SignOff.SignOffDecision.Sign) is not { } decision) return null;
        var director = directors.Find(decision.DirectorSubject);
        return new ReportSignature(decision.DirectorSubject, director?.Name ?? decision.DirectorSubject, director?.Credentials, decision.At, decision.Note);
    }
}
