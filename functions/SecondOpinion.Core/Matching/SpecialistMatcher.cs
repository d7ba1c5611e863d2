namespace SecondOpinion.Core.Matching;

/// <summary>What a seat needs from a reviewer.</summary>
public sealed record MatchContext(string Jurisdiction, string Language, string? ReferringHospitalId, DateTimeOffset Now, IReadOnlySet<string> Excluded);

public sealed record RankedCandidate(string SpecialistId, double Score, IReadOnlyList<string> Reasons);

public sealed record Rejection(string SpecialistId, string Reason);

/// <summary>Why a seat exists: planned from triage, the tie-breaker on disagreement, or added by the director or ops.</summary>
public enum SeatPurpose { Panel, TieBreaker, DirectorAdded, OpsAdded }

public sealed record PanelSeat(string SeatId, string Subspecialty, IReadOnlyList<RankedCandidate> Candidates)
{
    public SeatPurpose Purpose { get; init; } = SeatPurpose.Panel;
    /// <summary>The specialists of this subspecialty the matcher left out, each with the reason.</summary>
    public IReadOnlyList<Rejection> Excluded { get; init; } = [];
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

public sealed record PanelPlan(IReadOnlyList<PanelSeat> Seats, IReadOnlyList<string> UnfilledSubspecialties);

/// <summary>
/// Picks reviewers: hard constraints first (licence, language, conflict of interest, capacity,
/// availability), then a score that favours exact subspecialty, experience, spare capacity and fast
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
            var rejection = HardConstraintFailure(s, load, context);
            if (rejection is not null) { rejected.Add(new Rejection(s.Id, rejection)); continue; }

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

    /// <summary>Builds the panel: one seat per subspecialty, a distinct reviewer on each seat, ranked backups.</summary>
    public static PanelPlan PlanPanel(IReadOnlyList<string> subspecialties, IReadOnlyList<Specialist> directory, IReadOnlyDictionary<string, int> activeLoad, MatchContext context)
    {
        var seats = new List<PanelSeat>();
        var unfilled = new List<string>();
        var primaries = new HashSet<string>(context.Excluded);
        foreach (var subspecialty in subspecialties)
        {
            var (ranked, rejected) = RankCandidates(subspecialty, directory, activeLoad, context with { Excluded = primaries });
            if (ranked.Count == 0) { unfilled.Add(subspecialty); continue; }
            var candidates = ranked.Take(1 + BackupsPerSeat).ToList();
            primaries.Add(candidates[0].SpecialistId);
            seats.Add(new PanelSeat(SeatIds.Panel(seats.Count + 1), subspecialty, candidates) { Excluded = rejected });
        }
        return new PanelPlan(seats, unfilled);
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
            var (ranked, rejected) = RankCandidates(subspecialty, directory, activeLoad, context);
            if (ranked.Count > 0) return new PanelSeat(seatId, subspecialty, ranked.Take(1 + BackupsPerSeat).ToList()) { Purpose = purpose, Excluded = rejected };
        }
        return null;
    }

    public static bool IsLicensedIn(Specialist s, string jurisdiction) =>
        s.LicensedJurisdictions.Any(l => string.Equals(l, jurisdiction, StringComparison.OrdinalIgnoreCase)
            || (!l.Contains('-') && jurisdiction.StartsWith(l + "-", StringComparison.OrdinalIgnoreCase)));

    public static bool Practises(Specialist s, string subspecialty) => s.Subspecialties.Contains(subspecialty, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The first hard constraint <paramref name="s"/> fails for <paramref name="context"/> with
    /// <paramref name="load"/> open reviews, as a short reason ("not licensed in US-OH", "at capacity"),
    /// or null when eligible. Also checked again when a backup is offered, against the directory then.
    /// </summary>
    public static string? HardConstraintFailure(Specialist s, int load, MatchContext context)
    {
        if (context.Excluded.Contains(s.Id)) return "already on this panel or excluded";
        if (!IsLicensedIn(s, context.Jurisdiction)) return $"not licensed in {context.Jurisdiction}";
        var language = context.Language.Split('-')[0];
        if (!s.Languages.Any(l => string.Equals(l.Split('-')[0], language, StringComparison.OrdinalIgnoreCase))) return $"does not speak {context.Language}";
        if (context.ReferringHospitalId is not null && s.Affiliations.Contains(context.ReferringHospitalId, StringComparer.OrdinalIgnoreCase))
            return "affiliated with the referring hospital";
        if (!s.Available) return "unavailable";
        if (s.UnavailableUntil is { } until && until > context.Now) return $"unavailable until {until.UtcDateTime:u}";
        if (load >= s.MaxActiveCases) return "at capacity";
        return null;
    }
}
