using SecondOpinion.Core.Matching;
using SecondOpinion.SampleDirectory;

namespace SecondOpinion.Core.Tests.Matching;

/// <summary>The generated sample directory the local host seeds: its coverage, its realism, and that the committed file is its output.</summary>
public sealed class SampleDirectoryTests
{
    private static readonly SampleSeed Seed = SampleDirectoryGenerator.Generate();
    private static readonly DateTimeOffset Anchor = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void it_holds_at_least_500_specialists_and_at_least_5_for_every_taxonomy_id()
    {
        Assert.True(Seed.Specialists.Count >= 500, $"{Seed.Specialists.Count} specialists");
        Assert.All(Subspecialties.All, s => Assert.True(Seed.Specialists.Count(x => x.Subspecialties.Contains(s.Id)) >= 5, s.Id));
        Assert.All(Seed.Specialists, s => Assert.All(s.Subspecialties, id => Assert.True(Subspecialties.IsKnown(id), id)));
        Assert.Equal(Seed.Specialists.Count, Seed.Specialists.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void every_entry_passes_the_checks_ops_edits_pass()
    {
        Assert.All(Seed.Specialists, s =>
        {
            var (valid, errors) = SpecialistEntries.Validate(s.Id, SpecialistUpsertRequest.From(s));
            Assert.True(valid is not null, $"{s.Id}: {string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value))}");
        });
    }

    [Fact]
    public void japanese_specialists_hold_the_national_licence_speak_japanese_and_work_on_tokyo_time()
    {
        var japanese = Seed.Specialists.Where(s => s.LicensedJurisdictions.Contains("JP")).ToList();
        Assert.True(japanese.Count >= Subspecialties.All.Count * 2);
        Assert.All(japanese, s =>
        {
            Assert.Equal(["JP"], s.LicensedJurisdictions);
            Assert.Contains("ja", s.Languages);
            Assert.Equal("Asia/Tokyo", s.TimeZone);
        });
        Assert.Contains(japanese, s => s.Languages.Contains("en"));
        Assert.Contains(japanese, s => s.BoardCertifications.Any(b => b.Contains("専門医")));
    }

    [Fact]
    public void us_specialists_hold_state_licences_across_many_states_some_several_with_a_time_zone_of_their_home_state()
    {
        var american = Seed.Specialists.Where(s => s.LicensedJurisdictions.Any(l => l.StartsWith("US-", StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(Seed.Specialists, s => s.LicensedJurisdictions.Contains("US"));
        Assert.True(american.SelectMany(s => s.LicensedJurisdictions).Distinct().Count() >= 30);
        Assert.Contains(american, s => s.LicensedJurisdictions.Count(l => l.StartsWith("US-", StringComparison.Ordinal)) >= 3);
        Assert.All(american.Where(s => s.LicensedJurisdictions[0] is "US-CA" or "US-WA"), s => Assert.True(s.TimeZone is null or "America/Los_Angeles", s.Id));
        Assert.All(american.Where(s => s.LicensedJurisdictions[0] is "US-TX" or "US-IL"), s => Assert.True(s.TimeZone is null or "America/Chicago", s.Id));
        Assert.Contains("es", american.SelectMany(s => s.Languages));
        Assert.Contains("zh", american.SelectMany(s => s.Languages));
    }

    [Fact]
    public void the_directory_has_conflicts_of_interest_capacities_time_off_and_unavailable_people()
    {
        Assert.Contains(Seed.Specialists, s => s.Affiliations.Contains("hosp-stmary"));
        Assert.Contains(Seed.Specialists, s => s.Affiliations.Contains("hosp-osaka-demo"));
        Assert.True(Seed.Specialists.Select(s => s.MaxActiveCases).Distinct().Count() >= 5);
        Assert.Contains(Seed.Specialists, s => s.TimeOff.Count > 0);
        Assert.Contains(Seed.Specialists, s => !s.Available);
        Assert.All(Seed.Specialists.SelectMany(s => s.Affiliations), h => Assert.Contains(Seed.Hospitals, x => x.Id == h));
    }

    [Fact]
    public void an_ohio_patient_referred_by_the_seeded_hospital_and_a_japanese_patient_find_reviewers_in_every_subspecialty()
    {
        var none = new Dictionary<string, int>();
        foreach (var subspecialty in Subspecialties.All)
        {
            var ohio = SpecialistMatcher.RankCandidates(subspecialty.Id, Seed.Specialists, none, new MatchContext("US-OH", "en", "hosp-stmary", Anchor, new HashSet<string>())).Ranked;
            Assert.True(ohio.Count >= 2, $"{subspecialty.Id}: {ohio.Count} for Ohio");
            var japan = SpecialistMatcher.RankCandidates(subspecialty.Id, Seed.Specialists, none, new MatchContext("JP-13", "ja", null, Anchor, new HashSet<string>())).Ranked;
            Assert.True(japan.Count >= 1, $"{subspecialty.Id}: {japan.Count} for Tokyo");
        }
    }

    [Fact]
    public void the_original_entries_keep_their_ids_names_and_emails()
    {
        var first = Seed.Specialists.Take(75).ToList();
        Assert.Equal(Enumerable.Range(1, 75).Select(i => $"sp-{i:D3}"), first.Select(s => s.Id));
        Assert.Equal(("Dr. Ben Tanaka", "sp-001@specialists.example.org"), (first[0].Name, first[0].Email));
        Assert.Equal(("Dr. Ximena Haddad", "sp-075@specialists.example.org", "radiology"), (first[74].Name, first[74].Email, first[74].Subspecialties[0]));
        Assert.All(first, s => Assert.Contains("US-OH", s.LicensedJurisdictions));
    }

    [Fact]
    public void the_generator_is_deterministic_and_the_committed_seed_file_is_its_output()
    {
        var json = SampleDirectoryGenerator.Json(Seed);
        Assert.Equal(json, SampleDirectoryGenerator.Json(SampleDirectoryGenerator.Generate()));
        var committed = SampleDirectoryGenerator.SeedPathFrom(AppContext.BaseDirectory)!;
        Assert.True(File.ReadAllText(committed) == json,
            "functions/SecondOpinion.LocalHost/Seed/directory.json differs from the generator's output: run dotnet run --project tools/SecondOpinion.SampleDirectory");
    }
}
