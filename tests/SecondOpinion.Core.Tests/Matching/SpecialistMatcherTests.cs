using SecondOpinion.Core.Matching;

namespace SecondOpinion.Core.Tests.Matching;

public sealed class SpecialistMatcherTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private const string Uro = "urologic-oncology";

    private static Specialist Spec(string id, string[]? subspecialties = null, string[]? licences = null, string[]? languages = null,
        string[]? affiliations = null, int max = 5, bool available = true, DateTimeOffset? unavailableUntil = null,
        int years = 10, double turnaround = 48) => new()
    {
        Id = id,
        Name = $"Dr {id}",
        Subspecialties = subspecialties ?? [Uro],
        LicensedJurisdictions = licences ?? ["US-OH"],
        Languages = languages ?? ["en"],
        Affiliations = affiliations ?? [],
        MaxActiveCases = max,
        Available = available,
        UnavailableUntil = unavailableUntil,
        YearsExperience = years,
        MedianTurnaroundHours = turnaround,
    };

    private static MatchContext Ctx(string jurisdiction = "US-OH", string language = "en", string? hospital = "hosp-1", IReadOnlySet<string>? excluded = null) =>
        new(jurisdiction, language, hospital, Now, excluded ?? new HashSet<string>());

    private static (IReadOnlyList<RankedCandidate> Ranked, IReadOnlyList<Rejection> Rejected) Rank(IEnumerable<Specialist> directory,
        MatchContext? context = null, IReadOnlyDictionary<string, int>? loads = null, string subspecialty = Uro) =>
        SpecialistMatcher.RankCandidates(subspecialty, directory, loads ?? new Dictionary<string, int>(), context ?? Ctx());

    private static string RejectionOf(Specialist s, MatchContext? context = null, IReadOnlyDictionary<string, int>? loads = null)
    {
        var (ranked, rejected) = Rank([s], context, loads);
        Assert.Empty(ranked);
        return Assert.Single(rejected).Reason;
    }

    private static void AssertEligible(Specialist s, MatchContext? context = null, IReadOnlyDictionary<string, int>? loads = null)
    {
        var (ranked, rejected) = Rank([s], context, loads);
        Assert.Empty(rejected);
        Assert.Equal(s.Id, Assert.Single(ranked).SpecialistId);
    }

    // ---- hard constraints -------------------------------------------------------------------

    [Fact]
    public void specialists_of_another_subspecialty_are_neither_ranked_nor_rejected()
    {
        var (ranked, rejected) = Rank([Spec("cardio", subspecialties: ["cardiology"])]);

        Assert.Empty(ranked);
        Assert.Empty(rejected);
    }

    [Fact]
    public void subspecialty_matching_ignores_case()
    {
        AssertEligible(Spec("a", subspecialties: ["Urologic-Oncology"]));
    }

    [Theory]
    [InlineData("US-OH")]
    [InlineData("us-oh")]
    public void a_licence_for_the_patients_state_qualifies(string licence)
    {
        AssertEligible(Spec("a", licences: [licence]), Ctx(jurisdiction: "US-OH"));
    }

    [Fact]
    public void a_us_case_needs_a_licence_of_the_patients_state_not_a_national_one()
    {
        var rejection = Assert.Single(Rank([Spec("a", licences: ["US"])], Ctx(jurisdiction: "US-TX")).Rejected);
        Assert.Equal(("not licensed in US-TX", ExclusionReason.Licence), (rejection.Reason, rejection.Code));
        AssertEligible(Spec("b", licences: ["US-CA", "US-TX"]), Ctx(jurisdiction: "US-TX"));
    }

    [Theory]
    [InlineData("JP")]
    [InlineData("JP-13")]
    [InlineData("JP-26")]
    public void japan_licenses_nationally_so_a_jp_licence_covers_every_prefecture(string patientJurisdiction)
    {
        AssertEligible(Spec("a", licences: ["JP"], languages: ["ja"]), Ctx(jurisdiction: patientJurisdiction, language: "ja"));
    }

    [Fact]
    public void a_japanese_licence_does_not_cover_a_us_patient_nor_a_us_one_a_japanese_patient()
    {
        Assert.Equal(ExclusionReason.Licence, Assert.Single(Rank([Spec("a", licences: ["JP"])], Ctx(jurisdiction: "US-OH")).Rejected).Code);
        Assert.Equal(ExclusionReason.Licence, Assert.Single(Rank([Spec("a", licences: ["US-OH"])], Ctx(jurisdiction: "JP-13")).Rejected).Code);
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("CA", true)]
    [InlineData("JP-13", true)]
    [InlineData("US-TX", false)]
    [InlineData("JP", false)]
    [InlineData("DE", false)]
    [InlineData("DE-BY", false)]
    public void directory_licences_are_refused_where_licensure_does_not_work_that_way(string licence, bool refused)
    {
        Assert.Equal(refused, Licensure.LicenceProblem(licence) is not null);
    }

    [Fact]
    public void a_us_case_must_name_its_state()
    {
        Assert.NotNull(Licensure.CaseJurisdictionProblem("US"));
        Assert.Null(Licensure.CaseJurisdictionProblem("US-OH"));
        Assert.Null(Licensure.CaseJurisdictionProblem("JP"));
    }

    [Fact]
    public void a_licence_in_one_state_does_not_cover_another_state()
    {
        Assert.Equal("not licensed in US-MA", RejectionOf(Spec("a", licences: ["US-OH"]), Ctx(jurisdiction: "US-MA")));
    }

    [Fact]
    public void a_state_licence_does_not_cover_a_patient_registered_at_country_level()
    {
        Assert.Equal("not licensed in US", RejectionOf(Spec("a", licences: ["US-OH"]), Ctx(jurisdiction: "US")));
    }

    [Fact]
    public void a_country_licence_does_not_cover_another_country()
    {
        Assert.False(SpecialistMatcher.IsLicensedIn(Spec("a", licences: ["DE"]), "DK-84"));
        Assert.True(SpecialistMatcher.IsLicensedIn(Spec("a", licences: ["DE"]), "DE-BY"));
    }

    [Theory]
    [InlineData("en-GB", "en")]
    [InlineData("en", "en-US")]
    [InlineData("EN", "en")]
    public void language_matches_on_the_primary_tag_so_regional_variants_qualify(string patient, string spoken)
    {
        AssertEligible(Spec("a", languages: [spoken]), Ctx(language: patient));
    }

    [Fact]
    public void a_specialist_who_does_not_speak_the_patient_language_is_rejected()
    {
        Assert.Equal("does not speak es-MX", RejectionOf(Spec("a", languages: ["en", "de"]), Ctx(language: "es-MX")));
    }

    [Fact]
    public void a_specialist_affiliated_with_the_referring_hospital_has_a_conflict_of_interest()
    {
        Assert.Equal("affiliated with the referring hospital", RejectionOf(Spec("a", affiliations: ["HOSP-1"]), Ctx(hospital: "hosp-1")));
    }

    [Fact]
    public void affiliations_do_not_matter_for_a_case_without_a_referring_hospital()
    {
        AssertEligible(Spec("a", affiliations: ["hosp-1"]), Ctx(hospital: null));
    }

    [Fact]
    public void a_specialist_at_capacity_is_rejected_and_one_with_a_free_slot_is_not()
    {
        var s = Spec("a", max: 3);

        Assert.Equal("at capacity", RejectionOf(s, loads: new Dictionary<string, int> { ["a"] = 3 }));
        AssertEligible(s, loads: new Dictionary<string, int> { ["a"] = 2 });
    }

    [Fact]
    public void a_specialist_marked_unavailable_is_rejected()
    {
        Assert.Equal("unavailable", RejectionOf(Spec("a", available: false)));
    }

    [Fact]
    public void a_specialist_unavailable_until_a_future_time_is_rejected_with_when_they_are_back()
    {
        Assert.Equal("unavailable until 2025-06-05 09:00:00Z", RejectionOf(Spec("a", unavailableUntil: Now.AddDays(3))));
    }

    [Fact]
    public void a_specialist_on_time_off_now_is_excluded_for_time_off()
    {
        var away = Spec("a") with { TimeOff = [new TimeOffPeriod(Now.AddDays(-2), Now.AddDays(5))] };
        var rejection = Assert.Single(Rank([away]).Rejected);
        Assert.Equal(ExclusionReason.TimeOff, rejection.Code);
        Assert.Equal("on time off until 2025-06-07 09:00:00Z", rejection.Reason);
    }

    [Fact]
    public void time_off_that_starts_before_the_review_would_be_done_excludes_but_later_time_off_does_not()
    {
        var soon = Spec("a", turnaround: 48) with { TimeOff = [new TimeOffPeriod(Now.AddHours(30), Now.AddDays(10))] };
        Assert.Equal(ExclusionReason.TimeOff, Assert.Single(Rank([soon]).Rejected).Code);
        AssertEligible(Spec("b", turnaround: 48) with { TimeOff = [new TimeOffPeriod(Now.AddDays(5), Now.AddDays(10)), new TimeOffPeriod(Now.AddDays(-9), Now.AddDays(-1))] });
    }

    [Fact]
    public void every_exclusion_carries_its_reason_code()
    {
        var directory = new[]
        {
            Spec("seated"), Spec("unlicensed", licences: ["US-MA"]), Spec("no-language", languages: ["de"]), Spec("affiliated", affiliations: ["hosp-1"]),
            Spec("off", available: false), Spec("away", unavailableUntil: Now.AddDays(1)), Spec("full", max: 1), Spec("free"),
        };
        var (ranked, rejected) = Rank(directory, Ctx(excluded: new HashSet<string> { "seated" }), new Dictionary<string, int> { ["full"] = 1 });

        Assert.Equal("free", Assert.Single(ranked).SpecialistId);
        Assert.Equal(new Dictionary<string, ExclusionReason?>
        {
            ["seated"] = ExclusionReason.AlreadyOnPanel, ["unlicensed"] = ExclusionReason.Licence, ["no-language"] = ExclusionReason.Language,
            ["affiliated"] = ExclusionReason.ConflictOfInterest, ["off"] = ExclusionReason.Unavailable, ["away"] = ExclusionReason.TimeOff, ["full"] = ExclusionReason.Capacity,
        }, rejected.ToDictionary(r => r.SpecialistId, r => r.Code));
    }

    [Fact]
    public void the_panel_keeps_each_seats_decision_pick_backups_the_rest_ranked_and_the_excluded()
    {
        var directory = Enumerable.Range(1, 7).Select(i => Spec($"u{i}", years: 30 - i)).Append(Spec("u-de", licences: ["DE"])).Append(Spec("cardio", subspecialties: ["cardiology"])).ToList();
        var plan = SpecialistMatcher.PlanPanel([Uro], directory, new Dictionary<string, int>(), Ctx());

        var decision = Assert.Single(Assert.Single(plan.Seats).Decisions);
        Assert.Equal((MatchOccasion.Panel, Uro, "u1"), (decision.Occasion, decision.Subspecialty, decision.Pick!.SpecialistId));
        Assert.Equal(["u2", "u3", "u4"], decision.Backups.Select(b => b.SpecialistId));
        Assert.Equal(["u5", "u6", "u7"], decision.RankedBelowBackups);
        Assert.Equal(("u-de", ExclusionReason.Licence), (Assert.Single(decision.Excluded).SpecialistId, decision.Excluded[0].Code));
        Assert.Equal((8, 9), (decision.Weighed, decision.DirectorySize));
    }

    [Fact]
    public void an_unfilled_subspecialty_keeps_the_decision_that_found_nobody()
    {
        var plan = SpecialistMatcher.PlanPanel([Uro], [Spec("a", languages: ["de"])], new Dictionary<string, int>(), Ctx());

        Assert.Equal([Uro], plan.UnfilledSubspecialties);
        var decision = Assert.Single(plan.UnfilledDecisions);
        Assert.Null(decision.Pick);
        Assert.Equal(ExclusionReason.Language, Assert.Single(decision.Excluded).Code);
    }

    [Fact]
    public void the_check_made_again_when_a_backup_is_offered_is_the_rankings_own()
    {
        var unlicensed = Spec("a", licences: ["DE"]);
        Assert.Equal(RejectionOf(unlicensed), SpecialistMatcher.HardConstraintFailure(unlicensed, 0, Ctx()));
        Assert.Equal("at capacity", SpecialistMatcher.HardConstraintFailure(Spec("b", max: 2), 2, Ctx()));
        Assert.Null(SpecialistMatcher.HardConstraintFailure(Spec("c"), 0, Ctx()));
    }

    [Fact]
    public void a_specialist_whose_unavailability_has_ended_is_eligible_again()
    {
        AssertEligible(Spec("a", unavailableUntil: Now.AddMinutes(-1)));
    }

    [Fact]
    public void an_excluded_specialist_is_rejected()
    {
        Assert.Equal("already on this panel or excluded", RejectionOf(Spec("a"), Ctx(excluded: new HashSet<string> { "a" })));
    }

    // ---- scoring ------------------------------------------------------------------------------

    [Fact]
    public void the_score_weighs_experience_spare_capacity_and_turnaround()
    {
        // 0.4 * 30/30 + 0.35 * 5/5 + 0.25 * 1/(1 + 24/24) = 0.875
        var (ranked, _) = Rank([Spec("a", years: 30, turnaround: 24)]);

        Assert.Equal(0.875, Assert.Single(ranked).Score, 10);
    }

    [Fact]
    public void experience_counts_up_to_thirty_years()
    {
        var (ranked, _) = Rank([Spec("thirty", years: 30), Spec("forty", years: 40)]);

        Assert.Equal(ranked[0].Score, ranked[1].Score);
    }

    [Fact]
    public void more_experience_ranks_higher()
    {
        var (ranked, _) = Rank([Spec("junior", years: 2), Spec("senior", years: 25)]);

        Assert.Equal(["senior", "junior"], ranked.Select(c => c.SpecialistId));
    }

    [Fact]
    public void more_spare_capacity_ranks_higher()
    {
        var loads = new Dictionary<string, int> { ["busy"] = 4, ["free"] = 0 };

        var (ranked, _) = Rank([Spec("busy"), Spec("free")], loads: loads);

        Assert.Equal(["free", "busy"], ranked.Select(c => c.SpecialistId));
    }

    [Fact]
    public void faster_turnaround_ranks_higher()
    {
        var (ranked, _) = Rank([Spec("slow", turnaround: 120), Spec("fast", turnaround: 12)]);

        Assert.Equal(["fast", "slow"], ranked.Select(c => c.SpecialistId));
    }

    [Fact]
    public void equal_scores_are_ordered_by_id_ordinally_whatever_the_directory_order()
    {
        var first = Rank([Spec("b"), Spec("a"), Spec("C")]).Ranked.Select(c => c.SpecialistId);
        var second = Rank([Spec("C"), Spec("b"), Spec("a")]).Ranked.Select(c => c.SpecialistId);

        Assert.Equal(["C", "a", "b"], first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void every_candidate_carries_the_reasons_for_its_ranking()
    {
        var (ranked, _) = Rank([Spec("a", years: 12, max: 5, turnaround: 36)], loads: new Dictionary<string, int> { ["a"] = 2 });

        Assert.Equal(
            ["practises urologic-oncology", "licensed in US-OH", "speaks en", "12 years' experience", "3 of 5 review slots free", "median turnaround 36 h"],
            Assert.Single(ranked).Reasons);
    }

    [Fact]
    public void eligible_and_rejected_specialists_are_reported_separately()
    {
        var (ranked, rejected) = Rank([Spec("ok"), Spec("away", available: false), Spec("foreign", licences: ["FR"])]);

        Assert.Equal("ok", Assert.Single(ranked).SpecialistId);
        Assert.Equal(["away", "foreign"], rejected.Select(r => r.SpecialistId).Order(StringComparer.Ordinal));
    }

    // ---- panel planning -----------------------------------------------------------------------

    private static PanelPlan Plan(IReadOnlyList<string> subspecialties, IReadOnlyList<Specialist> directory, MatchContext? context = null) =>
        SpecialistMatcher.PlanPanel(subspecialties, directory, new Dictionary<string, int>(), context ?? Ctx());

    [Fact]
    public void each_subspecialty_gets_a_seat_numbered_from_one()
    {
        var plan = Plan(["medical-oncology", Uro], [Spec("m", subspecialties: ["medical-oncology"]), Spec("u")]);

        Assert.Equal(["seat-1", "seat-2"], plan.Seats.Select(s => s.SeatId));
        Assert.Equal(["medical-oncology", Uro], plan.Seats.Select(s => s.Subspecialty));
        Assert.Empty(plan.UnfilledSubspecialties);
    }

    [Fact]
    public void a_specialist_is_primary_on_at_most_one_seat()
    {
        var star = Spec("star", subspecialties: ["medical-oncology", Uro], years: 30);
        var plan = Plan(["medical-oncology", Uro], [star, Spec("other-m", subspecialties: ["medical-oncology"]), Spec("other-u", years: 5)]);

        Assert.Equal("star", plan.Seats[0].Candidates[0].SpecialistId);
        Assert.Equal("other-u", plan.Seats[1].Candidates[0].SpecialistId);
        Assert.DoesNotContain(plan.Seats[1].Candidates, c => c.SpecialistId == "star");
        Assert.Equal(plan.Seats.Count, plan.Seats.Select(s => s.Candidates[0].SpecialistId).Distinct().Count());
    }

    [Fact]
    public void a_seat_has_its_primary_and_at_most_three_ranked_backups()
    {
        var directory = Enumerable.Range(1, 6).Select(i => Spec($"u{i}", years: i)).ToList();

        var seat = Assert.Single(Plan([Uro], directory).Seats);

        Assert.Equal(1 + SpecialistMatcher.BackupsPerSeat, seat.Candidates.Count);
        Assert.Equal(["u6", "u5", "u4", "u3"], seat.Candidates.Select(c => c.SpecialistId));
    }

    [Fact]
    public void a_seat_with_fewer_eligible_reviewers_keeps_only_those()
    {
        var seat = Assert.Single(Plan([Uro], [Spec("u1"), Spec("u2", available: false)]).Seats);

        Assert.Equal("u1", Assert.Single(seat.Candidates).SpecialistId);
    }

    [Fact]
    public void a_subspecialty_without_an_eligible_reviewer_is_listed_as_unfilled_and_seat_ids_stay_contiguous()
    {
        var directory = new[] { Spec("m", subspecialties: ["medical-oncology"]), Spec("p", subspecialties: ["pathology"]), Spec("u", licences: ["CA"]) };

        var plan = Plan(["medical-oncology", Uro, "pathology"], directory);

        Assert.Equal([Uro], plan.UnfilledSubspecialties);
        Assert.Equal(["seat-1", "seat-2"], plan.Seats.Select(s => s.SeatId));
        Assert.Equal(["medical-oncology", "pathology"], plan.Seats.Select(s => s.Subspecialty));
    }

    [Fact]
    public void specialists_excluded_by_the_context_are_not_planned()
    {
        var plan = Plan([Uro], [Spec("best", years: 30), Spec("next", years: 1)], Ctx(excluded: new HashSet<string> { "best" }));

        Assert.Equal(["next"], plan.Seats[0].Candidates.Select(c => c.SpecialistId));
    }

    [Fact]
    public void no_subspecialties_means_an_empty_plan()
    {
        var plan = Plan([], [Spec("u")]);

        Assert.Empty(plan.Seats);
        Assert.Empty(plan.UnfilledSubspecialties);
    }
}
