using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Triage;

public enum Urgency { Routine, Expedited, Urgent }

public sealed record TriageEvidence(string Finding, string Phrase, string Source);

public sealed record TriageResult(CaseCategory Category, IReadOnlyList<string> Subspecialties, Urgency Urgency, IReadOnlyList<TriageEvidence> Evidence);

/// <summary>What triage reads: the case form, and the text of each record keyed by document id.</summary>
public sealed record TriageInput(CaseCategory Category, string Question, string? CurrentDiagnosis, string? ProposedTreatment, IReadOnlyDictionary<string, string> RecordTexts);

/// <summary>
/// Decides which subspecialties must review a case and how urgent it looks. Rules are explicit so
/// every decision keeps the phrase that triggered it. A panel has between two and four seats:
/// one reviewer is an opinion, two make a second opinion you can reconcile.
/// </summary>
public static class TriageRules
{
    public const int MinSeats = 2;
    public const int MaxSeats = 4;

    private sealed record Rule(string Subspecialty, string[] Terms, CaseCategory[]? OnlyFor = null);

    private static readonly Dictionary<CaseCategory, string> PrimarySubspecialty = new()
    {
        [CaseCategory.Oncology] = "medical-oncology",
        [CaseCategory.Cardiac] = "cardiology",
        [CaseCategory.Neurology] = "neurology",
        [CaseCategory.Diabetes] = "endocrinology",
        [CaseCategory.Ocular] = "ophthalmology",
        [CaseCategory.Orthopedic] = "orthopedic-surgery",
        [CaseCategory.Other] = "internal-medicine",
    };

    /// <summary>The specialty that gives a second view when the rules find nothing more specific.</summary>
    private static readonly Dictionary<CaseCategory, string> SecondSeat = new()
    {
        [CaseCategory.Oncology] = "surgical-oncology",
        [CaseCategory.Cardiac] = "cardiothoracic-surgery",
        [CaseCategory.Neurology] = "neurosurgery",
        [CaseCategory.Diabetes] = "internal-medicine",
        [CaseCategory.Ocular] = "retina",
        [CaseCategory.Orthopedic] = "physical-medicine",
        [CaseCategory.Other] = "radiology",
    };

    private static readonly Rule[] Rules =
    [
        new("urologic-oncology", ["prostate", "prostatectomy", "gleason", "psa", "bladder cancer", "kidney cancer"], [CaseCategory.Oncology]),
        new("breast-oncology", ["breast", "mastectomy", "lumpectomy", "tamoxifen"], [CaseCategory.Oncology]),
        new("neuro-oncology", ["glioblastoma", "glioma", "brain tumor", "brain tumour", "meningioma"]),
        new("radiation-oncology", ["radiotherapy", "radiation therapy", "radiation"], [CaseCategory.Oncology]),
        new("surgical-oncology", ["resection", "surgery", "surgical"], [CaseCategory.Oncology]),
        new("pathology", ["biopsy", "histology", "pathology", "gleason", "adenocarcinoma", "carcinoma"]),
        new("interventional-cardiology", ["stent", "angioplasty", "catheterization", "stenosis"], [CaseCategory.Cardiac]),
        new("cardiothoracic-surgery", ["bypass", "valve replacement", "cabg", "open heart"], [CaseCategory.Cardiac]),
        new("electrophysiology", ["atrial fibrillation", "arrhythmia", "ablation", "pacemaker"], [CaseCategory.Cardiac]),
        new("neurosurgery", ["craniotomy", "spinal fusion", "laminectomy", "aneurysm"]),
        new("epileptology", ["epilepsy", "seizure", "levetiracetam"], [CaseCategory.Neurology]),
        new("retina", ["retinopathy", "retinal", "macular", "vitrectomy"], [CaseCategory.Ocular, CaseCategory.Diabetes]),
        new("glaucoma", ["glaucoma", "trabeculectomy", "intraocular pressure", "iop"], [CaseCategory.Ocular]),
        new("spine-surgery", ["herniated disc", "scoliosis", "spinal", "spine"], [CaseCategory.Orthopedic, CaseCategory.Neurology]),
        new("sports-medicine", ["meniscus", "rotator cuff", "ligament", "arthroscopy"], [CaseCategory.Orthopedic]),
        new("nephrology", ["egfr", "creatinine", "kidney disease", "nephropathy"], [CaseCategory.Diabetes]),
    ];

    private static readonly string[] UrgentTerms = ["urgent", "emergency", "rapidly", "metastatic", "metastasis", "bleeding", "within days", "acute", "unstable"];
    private static readonly string[] ExpeditedTerms = ["scheduled for surgery", "surgery is scheduled", "next week", "malignant", "aggressive", "high grade"];

    public static TriageResult Assess(TriageInput input)
    {
        var sources = new List<(string Source, string Text)>
        {
            ("form:question", input.Question),
        };
        if (input.CurrentDiagnosis is not null) sources.Add(("form:currentDiagnosis", input.CurrentDiagnosis));
        if (input.ProposedTreatment is not null) sources.Add(("form:proposedTreatment", input.ProposedTreatment));
        sources.AddRange(input.RecordTexts.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => ($"document:{r.Key}", r.Value)));

        var evidence = new List<TriageEvidence>();
        var subspecialties = new List<string> { PrimarySubspecialty[input.Category] };
        evidence.Add(new TriageEvidence(PrimarySubspecialty[input.Category], input.Category.ToString().ToLowerInvariant(), "form:category"));

        foreach (var rule in Rules)
        {
            if (rule.OnlyFor is not null && !rule.OnlyFor.Contains(input.Category)) continue;
            var hit = FindFirst(sources, rule.Terms);
            if (hit is null) continue;
            if (!subspecialties.Contains(rule.Subspecialty)) subspecialties.Add(rule.Subspecialty);
            evidence.Add(new TriageEvidence(rule.Subspecialty, hit.Value.Phrase, hit.Value.Source));
        }

        if (subspecialties.Count < MinSeats && !subspecialties.Contains(SecondSeat[input.Category]))
            subspecialties.Add(SecondSeat[input.Category]);

        var urgency = Urgency.Routine;
        if (FindFirst(sources, UrgentTerms, TextSearch.IsNegated) is { } urgent)
        {
            urgency = Urgency.Urgent;
            evidence.Add(new TriageEvidence("urgency:urgent", urgent.Phrase, urgent.Source));
        }
        else if (FindFirst(sources, ExpeditedTerms, TextSearch.IsNegated) is { } expedited)
        {
            urgency = Urgency.Expedited;
            evidence.Add(new TriageEvidence("urgency:expedited", expedited.Phrase, expedited.Source));
        }

        return new TriageResult(input.Category, subspecialties.Take(MaxSeats).ToList(), urgency, evidence);
    }

    private static (string Source, string Phrase)? FindFirst(IEnumerable<(string Source, string Text)> sources, IEnumerable<string> terms, Func<string, int, bool>? reject = null)
    {
        foreach (var (source, text) in sources)
        {
            foreach (var term in terms)
            {
                var index = TextSearch.FindWholeWord(text, term, reject);
                if (index >= 0) return (source, TextSearch.PhraseAround(text, index, term.Length, 30));
            }
        }
        return null;
    }
}
