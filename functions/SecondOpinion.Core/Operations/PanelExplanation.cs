using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;

namespace SecondOpinion.Core.Operations;

/// <summary>
/// A case's panel as <c>GET /api/ops/cases/{caseId}/panel</c> explains it: for every seat who sits on
/// it now, who is next, why each was ranked where they are, every offer so far, and who the matcher
/// left out and why. Specialists and ids only: no patient data.
/// </summary>
public sealed record PanelExplanation(string CaseId, CaseStage Stage, IReadOnlyList<SeatExplanation> Seats, IReadOnlyList<string> UnfilledSubspecialties)
{
    /// <summary>For each unfilled subspecialty, the matcher's decision: who it weighed and why each was left out.</summary>
    public IReadOnlyList<SeatDecisionView> UnfilledDecisions { get; init; } = [];

    /// <summary>Seat statuses besides an assignment's own: nobody offered yet, or every candidate tried without an opinion.</summary>
    public const string NotOffered = "not-offered";
    public const string Unfilled = "unfilled";

    /// <param name="names">Directory names by specialist id (someone no longer listed has none).</param>
    public static PanelExplanation Build(CaseFile c, IReadOnlyList<Assignment> assignments, IReadOnlyDictionary<string, string> names)
    {
        string? NameOf(string id) => names.TryGetValue(id, out var name) ? name : null;
        var seats = new List<SeatExplanation>();
        foreach (var seat in c.Panel?.Seats ?? [])
        {
            var offers = assignments.Where(a => a.SeatId == seat.SeatId).OrderBy(a => a.OfferedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
            var current = offers.LastOrDefault();
            var status = c.HasStep($"escalation:{c.Id}-{seat.SeatId}-unfilled") ? Unfilled
                : current is null ? NotOffered
                : EnumNames.Of(current.Status);
            var candidates = seat.Candidates.Select((candidate, index) =>
            {
                // The workflow offers the seat to its candidates in rank order, one attempt each.
                var assignmentId = Assignment.MakeId(c.Id, seat.SeatId, index + 1);
                var offer = offers.FirstOrDefault(a => a.Id == assignmentId);
                var skipped = c.Timeline.LastOrDefault(t => t.Key == $"offer-skipped:{assignmentId}")?.Event;
                return new CandidateExplanation(index + 1, candidate.SpecialistId, NameOf(candidate.SpecialistId), candidate.Score, candidate.Reasons,
                    offer?.Id, offer is null ? null : EnumNames.Of(offer.Status), skipped);
            }).ToList();
            seats.Add(new SeatExplanation(seat.SeatId, seat.Purpose, seat.Subspecialty, status,
                current is null ? null : new ReviewerRef(current.SpecialistId, NameOf(current.SpecialistId), current.Id, EnumNames.Of(current.Status)),
                candidates,
                offers.Select(a => new OfferRecord(a.Id, a.SpecialistId, NameOf(a.SpecialistId), EnumNames.Of(a.Status), a.OfferedAt, a.AcceptBy,
                    AnsweredAt(a), a.OpinionDueAt, a.ClosedAt)).ToList(),
                seat.Excluded.Select(r => new ExcludedSpecialist(r.SpecialistId, NameOf(r.SpecialistId), r.Reason, r.Code)).ToList(),
                seat.RequestId)
            {
                Decisions = seat.Decisions.Select(d => SeatDecisionView.Of(d, NameOf)).ToList(),
            });
        }
        return new PanelExplanation(c.Id, c.Stage, seats, c.Panel?.UnfilledSubspecialties ?? [])
        {
            UnfilledDecisions = (c.Panel?.UnfilledDecisions ?? []).Select(d => SeatDecisionView.Of(d, NameOf)).ToList(),
        };
    }

    /// <summary>When the specialist accepted or declined; an offer that expired or was withdrawn was never answered.</summary>
    private static DateTimeOffset? AnsweredAt(Assignment a) => a.AcceptedAt ?? (a.Status == AssignmentStatus.Declined ? a.ClosedAt : null);
}

/// <param name="Status">The current assignment's status (<c>offered</c>, <c>accepted</c>, <c>completed</c>, …), <c>not-offered</c>, or <c>unfilled</c>.</param>
/// <param name="Candidates">The ranked candidates, first the one planned for the seat, then the backups in the order they are offered it.</param>
/// <param name="Excluded">Specialists of the subspecialty the matcher left out when it planned the seat, each with the reason.</param>
/// <param name="RequestId">For an added seat, the request that added it (a sign-off decision, an ops action).</param>
public sealed record SeatExplanation(string SeatId, SeatPurpose Purpose, string Subspecialty, string Status, ReviewerRef? CurrentReviewer,
    IReadOnlyList<CandidateExplanation> Candidates, IReadOnlyList<OfferRecord> Offers, IReadOnlyList<ExcludedSpecialist> Excluded, string? RequestId)
{
    /// <summary>The matcher's decisions for the seat, oldest first (the plan, then each match again).</summary>
    public IReadOnlyList<SeatDecisionView> Decisions { get; init; } = [];
}

/// <summary>
/// One matcher decision as ops read it: the pick, the backups in rank order, how many more were
/// eligible, and the specialists left out grouped by reason (every id of each group: the matcher weighs
/// only specialists of the seat's subspecialty, so groups stay short; the rest of the directory is
/// counted in <paramref name="OutsideSubspecialty"/>).
/// </summary>
public sealed record SeatDecisionView(string Occasion, DateTimeOffset DecidedAt, string Subspecialty, CandidateRef? Pick, IReadOnlyList<CandidateRef> Backups,
    IReadOnlyList<string> RankedBelowBackups, int ExcludedCount, IReadOnlyList<ExclusionGroup> ExcludedByReason, int Weighed, int OutsideSubspecialty)
{
    /// <summary>Reasons in the order the matcher checks them; rejections stored before reasons were coded come last.</summary>
    public static SeatDecisionView Of(SeatDecision d, Func<string, string?> nameOf)
    {
        CandidateRef Ref(RankedCandidate c, int rank) => new(rank, c.SpecialistId, nameOf(c.SpecialistId), c.Score, c.Reasons);
        var groups = d.Excluded
            .GroupBy(r => r.Code)
            .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key)
            .Select(g => new ExclusionGroup(g.Key is { } code ? EnumNames.Of(code) : "other", g.Count(),
                g.Select(r => new ExcludedSpecialist(r.SpecialistId, nameOf(r.SpecialistId), r.Reason, r.Code)).ToList()))
            .ToList();
        return new SeatDecisionView(EnumNames.Of(d.Occasion), d.DecidedAt, d.Subspecialty, d.Pick is null ? null : Ref(d.Pick, 1),
            d.Backups.Select((b, i) => Ref(b, i + 2)).ToList(), d.RankedBelowBackups, d.Excluded.Count, groups, d.Weighed, Math.Max(0, d.DirectorySize - d.Weighed));
    }
}

/// <summary>A ranked specialist of a decision: 1 for the pick, then the backups.</summary>
public sealed record CandidateRef(int Rank, string SpecialistId, string? Name, double Score, IReadOnlyList<string> Reasons);

/// <summary>The specialists left out for one reason (<c>licence</c>, <c>language</c>, <c>conflict-of-interest</c>, <c>capacity</c>, <c>time-off</c>, …).</summary>
public sealed record ExclusionGroup(string Reason, int Count, IReadOnlyList<ExcludedSpecialist> Specialists);

/// <summary>Who holds the seat now: the latest offer's specialist, and where that offer stands.</summary>
public sealed record ReviewerRef(string SpecialistId, string? Name, string AssignmentId, string Status);

/// <param name="Rank">1 for the reviewer planned for the seat, then the backups.</param>
/// <param name="OfferStatus">The status of this candidate's offer, if they were offered the seat.</param>
/// <param name="Skipped">Why the candidate was passed over when their turn came (re-checked against the directory then).</param>
public sealed record CandidateExplanation(int Rank, string SpecialistId, string? Name, double Score, IReadOnlyList<string> Reasons,
    string? AssignmentId, string? OfferStatus, string? Skipped);

/// <summary>One offer of the seat: when it was made, answered and closed.</summary>
public sealed record OfferRecord(string AssignmentId, string SpecialistId, string? Name, string Status, DateTimeOffset OfferedAt, DateTimeOffset AcceptBy,
    DateTimeOffset? AnsweredAt, DateTimeOffset? OpinionDueAt, DateTimeOffset? ClosedAt);

/// <param name="Reason">What failed, in words ("not licensed in US-TX").</param>
/// <param name="Code">The reason's code; null on rejections stored before reasons were coded.</param>
public sealed record ExcludedSpecialist(string SpecialistId, string? Name, string Reason, ExclusionReason? Code = null);
