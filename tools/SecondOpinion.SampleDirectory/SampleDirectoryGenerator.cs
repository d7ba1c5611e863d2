using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Matching;

namespace SecondOpinion.SampleDirectory;

/// <summary>The seed file's shape (the local host reads the same two lists).</summary>
public sealed record SampleSeed(IReadOnlyList<Specialist> Specialists, IReadOnlyList<Hospital> Hospitals);

/// <summary>
/// A fictional, realistic specialist directory from a fixed seed: the 75 original entries
/// (sp-001…sp-075: ids, names and e-mails unchanged, their national "US" licences now state licences
/// that include Ohio, where the demo and the tests put their patients), then for every subspecialty of
/// the taxonomy US specialists (states drawn by population, some with several state licences, time
/// zones of their state) and Japanese specialists (Japanese names, ja and often en, the national JP
/// licence, Asia/Tokyo), with board certifications, languages, affiliations with the seeded hospitals
/// (conflicts of interest), capacities, and some time off. Same seed, same file.
/// </summary>
public static class SampleDirectoryGenerator
{
    public const int Seed = 20261202;
    public const string SeedRelativePath = "functions/SecondOpinion.LocalHost/Seed/directory.json";

    /// <summary>Time off is dated from here (the generator must not read the clock), over the following months.</summary>
    private static readonly DateTimeOffset Anchor = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private const string StMary = "hosp-stmary", Osaka = "hosp-osaka-demo";

    public static IReadOnlyList<Hospital> Hospitals { get; } =
    [
        new(StMary, "St. Mary's Regional Hospital", ["US-OH"], new HospitalContact("Referral desk", "referrals@stmary.example.org")),
        new("hosp-charite-demo", "Demo University Hospital Berlin", ["DE"]),
        new(Osaka, "Demo Osaka University Hospital", ["JP-27"], new HospitalContact("地域医療連携室 (referral desk)", "referrals@osaka-demo.example.jp")),
    ];

    /// <summary>US states by population (millions, 2020 census, rounded) and the time zone most of each works in.</summary>
    private static readonly (string State, double Population, string TimeZone)[] States =
    [
        ("CA", 39.5, "America/Los_Angeles"), ("TX", 29.1, "America/Chicago"), ("FL", 21.5, "America/New_York"), ("NY", 20.2, "America/New_York"),
        ("PA", 13.0, "America/New_York"), ("IL", 12.8, "America/Chicago"), ("OH", 11.8, "America/New_York"), ("GA", 10.7, "America/New_York"),
        ("NC", 10.4, "America/New_York"), ("MI", 10.1, "America/Detroit"), ("NJ", 9.3, "America/New_York"), ("VA", 8.6, "America/New_York"),
        ("WA", 7.7, "America/Los_Angeles"), ("AZ", 7.2, "America/Phoenix"), ("MA", 7.0, "America/New_York"), ("TN", 6.9, "America/Chicago"),
        ("IN", 6.8, "America/Indiana/Indianapolis"), ("MD", 6.2, "America/New_York"), ("MO", 6.2, "America/Chicago"), ("WI", 5.9, "America/Chicago"),
        ("CO", 5.8, "America/Denver"), ("MN", 5.7, "America/Chicago"), ("SC", 5.1, "America/New_York"), ("AL", 5.0, "America/Chicago"),
        ("LA", 4.7, "America/Chicago"), ("KY", 4.5, "America/New_York"), ("OR", 4.2, "America/Los_Angeles"), ("OK", 4.0, "America/Chicago"),
        ("CT", 3.6, "America/New_York"), ("UT", 3.3, "America/Denver"), ("IA", 3.2, "America/Chicago"), ("NV", 3.1, "America/Los_Angeles"),
        ("AR", 3.0, "America/Chicago"), ("MS", 3.0, "America/Chicago"), ("KS", 2.9, "America/Chicago"), ("NM", 2.1, "America/Denver"),
        ("NE", 2.0, "America/Chicago"), ("ID", 1.8, "America/Boise"), ("WV", 1.8, "America/New_York"), ("HI", 1.5, "Pacific/Honolulu"),
        ("NH", 1.4, "America/New_York"), ("ME", 1.4, "America/New_York"), ("RI", 1.1, "America/New_York"), ("MT", 1.1, "America/Denver"),
        ("DE", 1.0, "America/New_York"), ("SD", 0.9, "America/Chicago"), ("ND", 0.8, "America/Chicago"), ("AK", 0.7, "America/Anchorage"),
        ("DC", 0.7, "America/New_York"), ("VT", 0.6, "America/New_York"), ("WY", 0.6, "America/Denver"),
    ];

    /// <summary>The certification a specialist of each subspecialty holds, in the US and in Japan.</summary>
    private static readonly Dictionary<string, (string Us, string Japan)> Boards = new()
    {
        ["medical-oncology"] = ("ABIM Medical Oncology", "JSMO 日本臨床腫瘍学会 がん薬物療法専門医"),
        ["surgical-oncology"] = ("ABS Complex General Surgical Oncology", "日本外科学会 外科専門医"),
        ["radiation-oncology"] = ("ABR Radiation Oncology", "日本医学放射線学会 放射線治療専門医"),
        ["breast-oncology"] = ("ABIM Medical Oncology", "日本乳癌学会 乳腺専門医"),
        ["urologic-oncology"] = ("ABU Urology", "日本泌尿器科学会 泌尿器科専門医"),
        ["thoracic-oncology"] = ("ABIM Medical Oncology", "日本呼吸器学会 呼吸器専門医"),
        ["gastrointestinal-oncology"] = ("ABIM Medical Oncology", "日本消化器病学会 消化器病専門医"),
        ["gynecologic-oncology"] = ("ABOG Gynecologic Oncology", "日本婦人科腫瘍学会 婦人科腫瘍専門医"),
        ["hematologic-oncology"] = ("ABIM Hematology", "日本血液学会 血液専門医"),
        ["neuro-oncology"] = ("UCNS Neuro-Oncology", "日本脳神経外科学会 脳神経外科専門医"),
        ["pathology"] = ("ABPath Anatomic Pathology", "日本病理学会 病理専門医"),
        ["breast-pathology"] = ("ABPath Anatomic Pathology", "日本病理学会 病理専門医"),
        ["genitourinary-pathology"] = ("ABPath Anatomic Pathology", "日本病理学会 病理専門医"),
        ["hematopathology"] = ("ABPath Hematopathology", "日本病理学会 病理専門医"),
        ["neuropathology"] = ("ABPath Neuropathology", "日本病理学会 病理専門医"),
        ["radiology"] = ("ABR Diagnostic Radiology", "日本医学放射線学会 放射線診断専門医"),
        ["breast-imaging"] = ("ABR Diagnostic Radiology", "日本医学放射線学会 放射線診断専門医"),
        ["neuroradiology"] = ("ABR Neuroradiology", "日本医学放射線学会 放射線診断専門医"),
        ["cardiac-imaging"] = ("NBE Comprehensive Adult Echocardiography", "日本循環器学会 循環器専門医"),
        ["musculoskeletal-radiology"] = ("ABR Diagnostic Radiology", "日本医学放射線学会 放射線診断専門医"),
        ["nuclear-medicine"] = ("ABNM Nuclear Medicine", "日本核医学会 核医学専門医"),
        ["cardiology"] = ("ABIM Cardiovascular Disease", "日本循環器学会 循環器専門医"),
        ["interventional-cardiology"] = ("ABIM Interventional Cardiology", "日本心血管インターベンション治療学会 専門医"),
        ["electrophysiology"] = ("ABIM Clinical Cardiac Electrophysiology", "日本不整脈心電学会 不整脈専門医"),
        ["heart-failure"] = ("ABIM Advanced Heart Failure and Transplant Cardiology", "日本循環器学会 循環器専門医"),
        ["cardiothoracic-surgery"] = ("ABTS Thoracic and Cardiac Surgery", "心臓血管外科専門医認定機構 心臓血管外科専門医"),
        ["neurology"] = ("ABPN Neurology", "日本神経学会 脳神経内科専門医"),
        ["epileptology"] = ("ABPN Epilepsy", "日本てんかん学会 てんかん専門医"),
        ["movement-disorders"] = ("ABPN Neurology", "日本神経学会 脳神経内科専門医"),
        ["neuroimmunology"] = ("ABPN Neurology", "日本神経学会 脳神経内科専門医"),
        ["vascular-neurology"] = ("ABPN Vascular Neurology", "日本脳卒中学会 脳卒中専門医"),
        ["neuromuscular"] = ("ABPN Neuromuscular Medicine", "日本神経学会 脳神経内科専門医"),
        ["neurosurgery"] = ("ABNS Neurological Surgery", "日本脳神経外科学会 脳神経外科専門医"),
        ["endocrinology"] = ("ABIM Endocrinology, Diabetes and Metabolism", "日本糖尿病学会 糖尿病専門医"),
        ["nephrology"] = ("ABIM Nephrology", "日本腎臓学会 腎臓専門医"),
        ["internal-medicine"] = ("ABIM Internal Medicine", "日本内科学会 総合内科専門医"),
        ["podiatry"] = ("ABFAS Foot Surgery", "日本形成外科学会 形成外科専門医"),
        ["ophthalmology"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["retina"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["glaucoma"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["cornea"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["neuro-ophthalmology"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["ocular-oncology"] = ("ABO Ophthalmology", "日本眼科学会 眼科専門医"),
        ["orthopedic-surgery"] = ("ABOS Orthopaedic Surgery", "日本整形外科学会 整形外科専門医"),
        ["spine-surgery"] = ("ABOS Orthopaedic Surgery", "日本整形外科学会 脊椎脊髄病医"),
        ["sports-medicine"] = ("ABOS Orthopaedic Sports Medicine", "日本整形外科学会 スポーツ医"),
        ["joint-replacement"] = ("ABOS Orthopaedic Surgery", "日本整形外科学会 整形外科専門医"),
        ["hand-surgery"] = ("ABOS Surgery of the Hand", "日本手外科学会 手外科専門医"),
        ["foot-and-ankle"] = ("ABOS Orthopaedic Surgery", "日本整形外科学会 整形外科専門医"),
        ["orthopedic-oncology"] = ("ABOS Orthopaedic Surgery", "日本整形外科学会 整形外科専門医"),
        ["rheumatology"] = ("ABIM Rheumatology", "日本リウマチ学会 リウマチ専門医"),
        ["physical-medicine"] = ("ABPMR Physical Medicine and Rehabilitation", "日本リハビリテーション医学会 リハビリテーション科専門医"),
    };

    /// <summary>The original sample's names, in its order (it cycled through them).</summary>
    private static readonly string[] OriginalNames =
    [
        "Ben Tanaka", "Chen Ivanova", "Dana Novak", "Elif Li", "Farid Berg", "Grace Zhang", "Hiro Torres", "Ines Yilmaz", "Jonas Nilsson",
        "Kemi Lund", "Lars Fischer", "Maya Kim", "Nikhil Rao", "Olga Shah", "Pablo Schmidt", "Qi Garcia", "Rosa Moreno", "Sven Huang",
        "Tara Romero", "Uma Adeyemi", "Victor Silva", "Wen Aziz", "Ximena Haddad", "Yusuf Patel", "Zoe Murphy", "Amara Okafor",
    ];

    /// <summary>The original sample's subspecialties, three specialists each.</summary>
    private static readonly string[] OriginalSubspecialties =
    [
        "medical-oncology", "surgical-oncology", "urologic-oncology", "breast-oncology", "neuro-oncology", "radiation-oncology", "pathology",
        "cardiology", "interventional-cardiology", "cardiothoracic-surgery", "electrophysiology", "neurology", "neurosurgery", "epileptology",
        "endocrinology", "internal-medicine", "nephrology", "ophthalmology", "retina", "glaucoma", "orthopedic-surgery", "spine-surgery",
        "sports-medicine", "physical-medicine", "radiology",
    ];

    private static readonly string[] UsGivenNames =
    [
        "Aaron", "Abigail", "Adrian", "Aisha", "Alejandro", "Alicia", "Andrew", "Angela", "Anthony", "Arjun", "Beatriz", "Benjamin", "Brandon",
        "Camila", "Carlos", "Caroline", "Catherine", "Daniel", "David", "Deepa", "Diego", "Elena", "Elizabeth", "Emily", "Eric", "Esther",
        "Fatima", "Gabriel", "Hannah", "Isaac", "Jacob", "James", "Jasmine", "Javier", "Jennifer", "Jessica", "Jin", "Jorge", "Joseph",
        "Julia", "Kevin", "Laura", "Lucia", "Marcus", "Maria", "Mei", "Michael", "Miguel", "Nadia", "Natalie", "Nathan", "Nicole", "Omar",
        "Priya", "Rachel", "Rafael", "Rebecca", "Ricardo", "Robert", "Samuel", "Sarah", "Sofia", "Stephen", "Thomas", "Valentina", "Wei", "William",
    ];

    private static readonly string[] UsFamilyNames =
    [
        "Adams", "Alvarez", "Anderson", "Bailey", "Bennett", "Brooks", "Campbell", "Castillo", "Chang", "Chen", "Choi", "Clarke", "Cohen",
        "Collins", "Cruz", "Davis", "Diaz", "Edwards", "Evans", "Flores", "Foster", "Goldberg", "Gonzalez", "Gupta", "Hall", "Harris",
        "Hernandez", "Hughes", "Iyer", "Jackson", "Johnson", "Kapoor", "Kelly", "Khan", "Lee", "Lewis", "Lopez", "Martin", "Martinez",
        "Mehta", "Mendoza", "Miller", "Mitchell", "Morgan", "Nguyen", "Ortiz", "Park", "Perez", "Peterson", "Phillips", "Ramirez", "Reed",
        "Reyes", "Rivera", "Roberts", "Robinson", "Rodriguez", "Ross", "Sanchez", "Shapiro", "Singh", "Sullivan", "Thompson", "Tran",
        "Turner", "Walker", "Wang", "Washington", "Williams", "Wilson", "Wong", "Wright", "Young",
    ];

    /// <summary>Family names whose holders often speak the language too (Spanish, Chinese, Vietnamese, Korean, Hindi).</summary>
    private static readonly Dictionary<string, string> HeritageLanguage = new()
    {
        ["Alvarez"] = "es", ["Castillo"] = "es", ["Cruz"] = "es", ["Diaz"] = "es", ["Flores"] = "es", ["Gonzalez"] = "es", ["Hernandez"] = "es",
        ["Lopez"] = "es", ["Martinez"] = "es", ["Mendoza"] = "es", ["Ortiz"] = "es", ["Perez"] = "es", ["Ramirez"] = "es", ["Reyes"] = "es",
        ["Rivera"] = "es", ["Rodriguez"] = "es", ["Sanchez"] = "es", ["Chang"] = "zh", ["Chen"] = "zh", ["Wang"] = "zh", ["Wong"] = "zh",
        ["Nguyen"] = "vi", ["Tran"] = "vi", ["Park"] = "ko", ["Choi"] = "ko", ["Lee"] = "ko", ["Gupta"] = "hi", ["Iyer"] = "hi", ["Kapoor"] = "hi",
        ["Mehta"] = "hi", ["Singh"] = "hi",
    };

    private static readonly (string Kanji, string Romaji)[] JapaneseFamilyNames =
    [
        ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("中村", "Nakamura"),
        ("小林", "Kobayashi"), ("加藤", "Kato"), ("吉田", "Yoshida"), ("山口", "Yamaguchi"), ("松本", "Matsumoto"), ("井上", "Inoue"), ("木村", "Kimura"),
        ("林", "Hayashi"), ("清水", "Shimizu"), ("森", "Mori"), ("池田", "Ikeda"), ("橋本", "Hashimoto"), ("石川", "Ishikawa"), ("前田", "Maeda"),
        ("藤田", "Fujita"), ("岡田", "Okada"), ("後藤", "Goto"), ("長谷川", "Hasegawa"), ("村上", "Murakami"), ("近藤", "Kondo"), ("坂本", "Sakamoto"),
    ];

    private static readonly (string Kanji, string Romaji)[] JapaneseGivenNames =
    [
        ("健一", "Kenichi"), ("直樹", "Naoki"), ("大輔", "Daisuke"), ("翔太", "Shota"), ("拓也", "Takuya"), ("誠", "Makoto"), ("浩", "Hiroshi"),
        ("陽子", "Yoko"), ("恵美", "Emi"), ("由美子", "Yumiko"), ("美穂", "Miho"), ("彩", "Aya"), ("真理子", "Mariko"), ("裕子", "Yuko"),
        ("健太", "Kenta"), ("亮", "Ryo"), ("智子", "Tomoko"), ("隆", "Takashi"), ("和也", "Kazuya"), ("早紀", "Saki"), ("達也", "Tatsuya"), ("香織", "Kaori"),
    ];

    /// <summary>Languages besides English that US specialists speak, and how often.</summary>
    private static readonly (string Language, double Share)[] UsSecondLanguages =
        [("es", 0.14), ("zh", 0.04), ("fr", 0.03), ("hi", 0.02), ("ar", 0.02), ("ru", 0.02), ("pt", 0.02), ("ko", 0.015), ("vi", 0.015), ("ja", 0.015), ("de", 0.015)];

    /// <summary>US specialists per subspecialty (on top of the original three where there are), and Japanese ones.</summary>
    private const int UsPerSubspecialty = 7, UsPerOriginalSubspecialty = 5, JapanesePerSubspecialty = 3;

    /// <summary>Of each subspecialty's generated US specialists, how many hold an Ohio licence whatever their state (multi-state licensure).</summary>
    private const int OhioLicencesPerSubspecialty = 4;

    public static SampleSeed Generate()
    {
        var random = new Random(Seed);
        var specialists = new List<Specialist>(Originals(random));
        var number = specialists.Count;
        var names = new HashSet<string>(specialists.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var subspecialty in Subspecialties.All)
        {
            var us = OriginalSubspecialties.Contains(subspecialty.Id) ? UsPerOriginalSubspecialty : UsPerSubspecialty;
            for (var k = 0; k < us; k++) specialists.Add(American(random, ++number, subspecialty, names, holdsOhio: k < OhioLicencesPerSubspecialty));
            for (var k = 0; k < JapanesePerSubspecialty; k++) specialists.Add(Japanese(random, ++number, subspecialty, names));
        }
        return new SampleSeed(specialists, Hospitals);
    }

    /// <summary>The file as committed: indented, non-ASCII letters as they are.</summary>
    public static string Json(SampleSeed seed) =>
        JsonSerializer.Serialize(seed, new JsonSerializerOptions(SecondOpinionJson.Options) { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }) + "\n";

    /// <summary>The seed file of the repository that holds <paramref name="directory"/>, or null outside one.</summary>
    public static string? SeedPathFrom(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
            if (File.Exists(Path.Combine(at.FullName, "SecondOpinion.sln"))) return Path.Combine(at.FullName, SeedRelativePath);
        return null;
    }

    /// <summary>
    /// The original 75 as they were (the formulas reproduce them), except licences: a national US
    /// licence does not exist, so each holds Ohio's and two more states'.
    /// </summary>
    private static IEnumerable<Specialist> Originals(Random random)
    {
        for (var i = 1; i <= OriginalSubspecialties.Length * 3; i++)
        {
            var multinational = i % 3 == 0;
            var subspecialty = OriginalSubspecialties[(i - 1) / 3];
            yield return new Specialist
            {
                Id = $"sp-{i:D3}",
                Name = $"Dr. {OriginalNames[(i - 1) % OriginalNames.Length]}",
                Email = $"sp-{i:D3}@specialists.example.org",
                Subspecialties = [subspecialty],
                LicensedJurisdictions = multinational ? ["US-OH", "US-MA", "DE"] : ["US-OH", .. DrawStates(random, 2, exclude: "OH").Select(s => $"US-{s}")],
                Languages = multinational ? ["en", "es", "de"] : ["en"],
                Affiliations = i % 5 == 0 ? [StMary] : [],
                BoardCertifications = [Boards[subspecialty].Us],
                MaxActiveCases = 4 + i % 4,
                YearsExperience = 6 + 5 * (i % 5),
                MedianTurnaroundHours = 12 + (11 * i) % 60,
            };
        }
    }

    private static Specialist American(Random random, int number, Subspecialty subspecialty, HashSet<string> names, bool holdsOhio)
    {
        var (given, family) = UniqueName(random, names, () => (Pick(random, UsGivenNames), Pick(random, UsFamilyNames)), (g, f) => $"Dr. {g} {f}");
        var home = DrawStates(random, 1, exclude: null)[0];
        var states = new List<string> { home };
        // About a third hold licences in further states (the Interstate Medical Licensure Compact makes that common).
        if (random.NextDouble() < 0.33) states.AddRange(DrawStates(random, random.Next(1, 4), exclude: home));
        if (holdsOhio && !states.Contains("OH")) states.Add("OH");
        var languages = new List<string> { "en" };
        if (HeritageLanguage.TryGetValue(family, out var heritage) && random.NextDouble() < 0.6) languages.Add(heritage);
        foreach (var (language, share) in UsSecondLanguages)
            if (!languages.Contains(language) && random.NextDouble() < share) languages.Add(language);
        // Ohio's specialists sometimes work with the seeded Ohio hospital: a conflict of interest for its referrals.
        var affiliated = states[0] == "OH" || (states.Contains("OH") && random.NextDouble() < 0.3);
        return Common(random, number, subspecialty, $"Dr. {given} {family}", "example.org", japanese: false) with
        {
            LicensedJurisdictions = states.Distinct().Select(s => $"US-{s}").ToList(),
            Languages = languages,
            Affiliations = affiliated && random.NextDouble() < 0.35 ? [StMary] : [],
            TimeZone = States.First(s => s.State == home).TimeZone,
        };
    }

    private static Specialist Japanese(Random random, int number, Subspecialty subspecialty, HashSet<string> names)
    {
        var (given, family) = UniqueName(random, names, () => (Pick(random, JapaneseGivenNames), Pick(random, JapaneseFamilyNames)),
            (g, f) => $"{f.Kanji} {g.Kanji} (Dr. {g.Romaji} {f.Romaji})");
        return Common(random, number, subspecialty, $"{family.Kanji} {given.Kanji} (Dr. {given.Romaji} {family.Romaji})", "example.jp", japanese: true) with
        {
            LicensedJurisdictions = ["JP"],
            Languages = random.NextDouble() < 0.6 ? ["ja", "en"] : ["ja"],
            Affiliations = random.NextDouble() < 0.15 ? [Osaka] : [],
            TimeZone = "Asia/Tokyo",
        };
    }

    /// <summary>What every generated entry has: a second subspecialty of the same kind now and then, capacity, experience, speed, time off.</summary>
    private static Specialist Common(Random random, int number, Subspecialty subspecialty, string name, string mailDomain, bool japanese)
    {
        var id = $"sp-{number:D3}";
        var subspecialties = new List<string> { subspecialty.Id };
        if (random.NextDouble() < 0.15)
        {
            var related = Subspecialties.All.Where(s => s.Id != subspecialty.Id && s.Categories.Intersect(subspecialty.Categories).Any()).ToList();
            subspecialties.Add(related[random.Next(related.Count)].Id);
        }
        var timeOff = new List<TimeOffPeriod>();
        if (random.NextDouble() < 0.12)
        {
            var from = Anchor.AddDays(random.Next(0, 120));
            timeOff.Add(new TimeOffPeriod(from, from.AddDays(random.Next(3, 22))));
        }
        return new Specialist
        {
            Id = id,
            Name = name,
            Email = $"{id}@specialists.{mailDomain}",
            Subspecialties = subspecialties,
            LicensedJurisdictions = [],
            Languages = [],
            BoardCertifications = subspecialties.Select(s => japanese ? Boards[s].Japan : Boards[s].Us).Distinct().ToList(),
            MaxActiveCases = random.Next(2, 11),
            Available = random.NextDouble() >= 0.03,
            TimeOff = timeOff,
            YearsExperience = random.Next(3, 36),
            MedianTurnaroundHours = random.Next(12, 97),
        };
    }

    private static (TGiven, TFamily) UniqueName<TGiven, TFamily>(Random random, HashSet<string> taken, Func<(TGiven, TFamily)> draw, Func<TGiven, TFamily, string> format)
    {
        while (true)
        {
            var (given, family) = draw();
            if (taken.Add(format(given, family))) return (given, family);
        }
    }

    /// <summary><paramref name="count"/> distinct states, drawn in proportion to population.</summary>
    private static List<string> DrawStates(Random random, int count, string? exclude)
    {
        var drawn = new List<string>();
        var total = States.Where(s => s.State != exclude).Sum(s => s.Population);
        while (drawn.Count < count)
        {
            var at = random.NextDouble() * total;
            foreach (var (state, population, _) in States)
            {
                if (state == exclude) continue;
                if ((at -= population) > 0) continue;
                if (!drawn.Contains(state)) drawn.Add(state);
                break;
            }
        }
        return drawn;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> from) => from[random.Next(from.Count)];
}
