namespace SecondOpinion.Core.Matching;

/// <summary>What a seat needs from a reviewer.</summary>
public sealed record MatchContext(string Jurisdiction, string Language, string? ReferringHospitalId, DateTimeOffset Now, IReadOnlySet<string> Excluded);

public sealed record RankedCandidate(string SpecialistId, double Score, IReadOnlyList<string> Reasons);

/// <summary>Why the matcher left a specialist out of a seat. Checked in this order; the first that applies is recorded.</summary>
public enum ExclusionReason
{
    /// <summary>Already sits on (or had an offer on) this case: one person, one voice.</summary>
    AlreadyOnPanel,
    /// <summary>Not licensed where the patient is (<see cref="Licensure"/>).</summary>
    Licence,
    /// <summary>Does not speak the patient's language.</summary>
    Language,
    /// <summary>Affiliated with the referring hospital.</summary>
    ConflictOfInterest,
    /// <summary>Marked unavailable in the directory, with no end date.</summary>
    Unavailable,
    /// <summary>On leave now, or before the review would be done.</summary>
    TimeOff,
    /// <summary>As many open offers and reviews as <see cref="Specialist.MaxActiveCases"/>.</summary>
    Capacity,
    /// <summary>Does not practise the subspecialty asked for (a named specialist, for instance).</summary>
    Subspecialty,
}

/// <summary>A specialist left out of a seat: the reason (<see cref="Code"/>) and what exactly failed, in words ("not licensed in US-TX").</summary>
public sealed record Rejection(string SpecialistId, string Reason)
{
    /// <summary>Null only on rejections stored before reasons were coded.</summary>
    public ExclusionReason? Code { get; init; }

    public static Rejection Of(string specialistId, ExclusionReason code, string reason) => new(specialistId, reason) { Code = code };
}

/// <summary>When the matcher decided: planning the panel, matching a seat again, or adding a seat.</summary>
public enum MatchOccasion { Panel, Rematch, AddedSeat }

/// <summary>
/// One decision of the matcher for one seat, kept with the seat (ids, scores and reasons; no patient data):
/// who it picked, the backups in rank order, every other eligible specialist below them, and every
/// specialist of the subspecialty it left out with the reason. Specialists of other subspecialties
/// are counted (<see cref="DirectorySize"/> less those weighed), not listed.
/// </summary>
public sealed record SeatDecision(MatchOccasion Occasion, DateTimeOffset DecidedAt, string Subspecialty, RankedCandidate? Pick,
    IReadOnlyList<RankedCandidate> Backups, IReadOnlyList<string> RankedBelowBackups, IReadOnlyList<Rejection> Excluded, int DirectorySize)
{
    /// <summary>The specialists who practise the subspecialty and were weighed: picked, backups, ranked below, excluded.</summary>
    public int Weighed => (Pick is null ? 0 : 1) + Backups.Count + RankedBelowBackups.Count + Excluded.Count;
}

/// <summary>Why a seat exists: planned from triage, the tie-breaker on disagreement, or added by the director or ops.</summary>
public enum SeatPurpose { Panel, TieBreaker, DirectorAdded, OpsAdded }

public sealed record PanelSeat(string SeatId, string Subspecialty, IReadOnlyList<RankedCandidate> Candidates)
{
    public SeatPurpose Purpose { get; init; } = SeatPurpose.Panel;
    /// <summary>The specialists of this subspecialty the matcher left out, each with the reason (as of its latest decision).</summary>
    public IReadOnlyList<Rejection> Excluded { get; init; } = [];
    /// <summary>Every decision the matcher took for this seat, oldest first: the plan, then each match again.</summary>
    public IReadOnlyList<SeatDecision> Decisions { get; init; } = [];
    /// <summary>The request that added the seat (a sign-off decision, an ops action); none for planned seats.</summary>
    public string? RequestId { get; init; }
}

/// <summary>Seat ids: "seat-{n}" for the panel and seats added to it, "tiebreaker-{n}" for a tie-breaker.</summary>
public static class SeatIds
{
    public static string Panel(int number) => $"seat-{number}";
    public static string TieBreaker(int number) => $"tiebreaker-{number}";
    public static bool IsTieBreaker(string seatId) => seatId.StartsWith("tiebreaker-", StringComparison.Ordinal);
}

public sealed record PanelPlan(IReadOnlyList<PanelSeat> Seats, IReadOnlyList<string> UnfilledSubspecialties)
{
    /// <summary>For each unfilled subspecialty, the decision that found nobody eligible (who was left out, and why).</summary>
    public IReadOnlyList<SeatDecision> UnfilledDecisions { get; init; } = [];
}

/// <summary>
/// Picks reviewers: hard constraints first (licence, language, conflict of interest, availability,
/// time off, capacity), then a score that favours exact subspecialty, experience, spare capacity and fast
/// turnaround. Pure: the directory and current loads come in, the ranking and its reasons go out.
/// </summary>
public static class SpecialistMatcher
{
    public const int BackupsPerSeat = 3;

    public static (IReadOnlyList<RankedCandidate> Ranked, IReadOnlyList<Rejection> Rejected) RankCandidates(
        string subspecialty, IEnumerable<Specialist> directory, IReadOnlyDictionary<string, int> activeLoad, MatchContext context)
    {
        var ranked = new List<RankedCandidate>();
        var rejected = new List<Rejection>();
        foreach (var s in directory)
        {
            if (!Practises(s, subspecialty)) continue;
            var load = activeLoad.GetValueOrDefault(s.Id);
            if (Exclusion(s, load, context) is { } rejection) { rejected.Add(rejection); continue; }

            var reasons = new List<string>
            {
                $"practises {subspecialty}",
                $"licensed in {context.Jurisdiction}",
                $"speaks {context.Language}",
            };
            var spare = (double)(s.MaxActiveCases - load) / Math.Max(1, s.MaxActiveCases);
            var experience = Math.Min(s.YearsExperience, 30) / 30.0;
            var speed = 1.0 / (1.0 + s.MedianTurnaroundHours / 24.0);
            var score = Math.Round(0.4 * experience + 0.35 * spare + 0.25 * speed, 4);
            reasons.Add($"{s.YearsExperience} years' experience");
            reasons.Add($"{s.MaxActiveCases - load} of {s.MaxActiveCases} review slots free");
            reasons.Add($"median turnaround {s.MedianTurnaroundHours:0.#} h");
            ranked.Add(new RankedCandidate(s.Id, score, reasons));
        }
        return (ranked.OrderByDescending(c => c.Score).ThenBy(c => c.SpecialistId, StringComparer.Ordinal).ToList(), rejected);
    }

    /// <summary>Builds the panel: one seat per subspecialty, a distinct reviewer on each seat, ranked backups, and each seat's decision.</summary>
    public static PanelPlan PlanPanel(IReadOnlyList<string> subspecialties, IReadOnlyList<Specialist> directory, IReadOnlyDictionary<string, int> activeLoad, MatchContext context)
    {
        var seats = new List<PanelSeat>();
        var unfilled = new List<string>();
        var unfilledDecisions = new List<SeatDecision>();
        var primaries = new HashSet<string>(context.Excluded);
        foreach (var subspecialty in subspecialties)
        {
            var (candidates, decision) = Decide(MatchOccasion.Panel, subspecialty, directory, activeLoad, context with { Excluded = primaries });
            if (candidates.Count == 0) { unfilled.Add(subspecialty); unfilledDecisions.Add(decision); continue; }
            primaries.Add(candidates[0].SpecialistId);
            seats.Add(new PanelSeat(SeatIds.Panel(seats.Count + 1), subspecialty, candidates) { Excluded = decision.Excluded, Decisions = [decision] });
        }
        return new PanelPlan(seats, unfilled) { UnfilledDecisions = unfilledDecisions };
    }

    /// <summary>
    /// Ranks <paramref name="subspecialty"/> for a seat and keeps the decision: the first
    /// <paramref name="shortlist"/> eligible specialists become the seat's candidates (the pick, then
    /// the backups), the rest of the eligible are recorded below them, the ineligible with their reasons.
    /// </summary>
    public static (IReadOnlyList<RankedCandidate> Candidates, SeatDecision Decision) Decide(MatchOccasion occasion, string subspecialty, IReadOnlyList<Specialist> directory,
        IReadOnlyDictionary<string, int> activeLoad, MatchContext context, int shortlist = 1 + BackupsPerSeat)
    {
        var (ranked, rejected) = RankCandidates(subspecialty, directory, activeLoad, context);
        var candidates = ranked.Take(shortlist).ToList();
        var decision = new SeatDecision(occasion, context.Now, subspecialty, candidates.FirstOrDefault(), candidates.Skip(1).ToList(),
            ranked.Skip(shortlist).Select(c => c.SpecialistId).ToList(), rejected, directory.Count);
        return (candidates, decision);
    }

    /// <summary>
    /// A seat added to a sitting panel (the tie-breaker, or one the director or ops asked for): the
    /// same hard constraints and ranking, nobody who already sat on this case (in <paramref name="context"/>'s
    /// exclusions), and the first of <paramref name="subspecialties"/>, in order, that has an eligible
    /// reviewer. Null when none has.
    /// </summary>
    public static PanelSeat? PlanExtraSeat(string seatId, SeatPurpose purpose, IReadOnlyList<string> subspecialties, IReadOnlyList<Specialist> directory,
        IReadOnlyDictionary<string, int> activeLoad, MatchContext context)
    {
        foreach (var subspecialty in subspecialties)
        {
            var (candidates, decision) = Decide(MatchOccasion.AddedSeat, subspecialty, directory, activeLoad, context);
            if (candidates.Count > 0) return new PanelSeat(seatId, subspecialty, candidates) { Purpose = purpose, Excluded = decision.Excluded, Decisions = [decision] };
        }
        return null;
    }

    public static bool IsLicensedIn(Specialist s, string jurisdiction) => Licensure.IsLicensedIn(s, jurisdiction);

    public static bool Practises(Specialist s, string subspecialty) => s.Subspecialties.Contains(subspecialty, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The first hard constraint <paramref name="s"/> fails for <paramref name="context"/> with
    /// <paramref name="load"/> open reviews, as a short reason ("not licensed in US-OH", "at capacity"),
    /// or null when eligible. Also checked again when a backup is offered, against the directory then.
    /// </summary>
    public static string? HardConstraintFailure(Specialist s, int load, MatchContext context) => Exclusion(s, load, context)?.Reason;

    /// <summary>As <see cref="HardConstraintFailure"/>, with the reason's code.</summary>
    public static Rejection? Exclusion(Specialist s, int load, MatchContext context)
    {
        if (context.Excluded.Contains(s.Id)) return Rejection.Of(s.Id, ExclusionReason.AlreadyOnPanel, "already on this panel or excluded");
        if (!IsLicensedIn(s, context.Jurisdiction)) return Rejection.Of(s.Id, ExclusionReason.Licence, $"not licensed in {context.Jurisdiction}");
        var language = context.Language.Split('-')[0];
        if (!s.Languages.Any(l => string.Equals(l.Split('-')[0], language, StringComparison.OrdinalIgnoreCase)))
            return Rejection.Of(s.Id, ExclusionReason.Language, $"does not speak {context.Language}");
        if (context.ReferringHospitalId is not null && s.Affiliations.Contains(context.ReferringHospitalId, StringComparer.OrdinalIgnoreCase))
            return Rejection.Of(s.Id, ExclusionReason.ConflictOfInterest, "affiliated with the referring hospital");
        if (!s.Available) return Rejection.Of(s.Id, ExclusionReason.Unavailable, "unavailable");
        if (s.UnavailableUntil is { } until && until > context.Now) return Rejection.Of(s.Id, ExclusionReason.TimeOff, $"unavailable until {until.UtcDateTime:u}");
        // Time off that starts before the review would typically be done also rules a specialist out.
        var reviewEnds = context.Now.AddHours(Math.Max(24, s.MedianTurnaroundHours));
        if (s.TimeOff.FirstOrDefault(p => p.Overlaps(context.Now, reviewEnds)) is { } away)
            return Rejection.Of(s.Id, ExclusionReason.TimeOff, away.From <= context.Now
                ? $"on time off until {away.Until.UtcDateTime:u}"
                : $"time off from {away.From.UtcDateTime:u}, before the review would be done");
        if (load >= s.MaxActiveCases) return Rejection.Of(s.Id, ExclusionReason.Capacity, "at capacity");
        return null;
    }
}
