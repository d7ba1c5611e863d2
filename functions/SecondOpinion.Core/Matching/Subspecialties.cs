using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Matching;

/// <summary>One subspecialty of the taxonomy: its id (kebab-case), its display name, and the case categories it serves.</summary>
public sealed record Subspecialty(string Id, string Name, IReadOnlyList<CaseCategory> Categories);

/// <summary>
/// The fixed subspecialty taxonomy. Triage asks for these ids, the matcher matches them, and the
/// specialist directory may name nothing else. It follows the board-certified subspecialties of the
/// ABMS member boards (and their Japanese Medical Specialty Board counterparts) that second opinions
/// in the six disorder groups call for; diagnostic subspecialties (pathology, imaging) serve every
/// group they read for.
/// </summary>
public static class Subspecialties
{
    private static readonly CaseCategory[] AllCategories = Enum.GetValues<CaseCategory>();

    public static readonly IReadOnlyList<Subspecialty> All =
    [
        // Oncology
        new("medical-oncology", "Medical oncology", [CaseCategory.Oncology]),
        new("surgical-oncology", "Surgical oncology", [CaseCategory.Oncology]),
        new("radiation-oncology", "Radiation oncology", [CaseCategory.Oncology]),
        new("breast-oncology", "Breast oncology", [CaseCategory.Oncology]),
        new("urologic-oncology", "Urologic oncology", [CaseCategory.Oncology]),
        new("thoracic-oncology", "Thoracic oncology", [CaseCategory.Oncology]),
        new("gastrointestinal-oncology", "Gastrointestinal oncology", [CaseCategory.Oncology]),
        new("gynecologic-oncology", "Gynecologic oncology", [CaseCategory.Oncology]),
        new("hematologic-oncology", "Hematologic oncology", [CaseCategory.Oncology]),
        new("neuro-oncology", "Neuro-oncology", [CaseCategory.Oncology, CaseCategory.Neurology]),
        // Pathology
        new("pathology", "Anatomic pathology", AllCategories),
        new("breast-pathology", "Breast pathology", [CaseCategory.Oncology]),
        new("genitourinary-pathology", "Genitourinary pathology", [CaseCategory.Oncology]),
        new("hematopathology", "Hematopathology", [CaseCategory.Oncology]),
        new("neuropathology", "Neuropathology", [CaseCategory.Oncology, CaseCategory.Neurology]),
        // Imaging
        new("radiology", "Diagnostic radiology", AllCategories),
        new("breast-imaging", "Breast imaging", [CaseCategory.Oncology]),
        new("neuroradiology", "Neuroradiology", [CaseCategory.Neurology, CaseCategory.Oncology, CaseCategory.Orthopedic]),
        new("cardiac-imaging", "Cardiac imaging (echocardiography, cardiac CT and MRI)", [CaseCategory.Cardiac]),
        new("musculoskeletal-radiology", "Musculoskeletal radiology", [CaseCategory.Orthopedic, CaseCategory.Oncology]),
        new("nuclear-medicine", "Nuclear medicine", [CaseCategory.Oncology, CaseCategory.Cardiac]),
        // Cardiac
        new("cardiology", "Cardiology", [CaseCategory.Cardiac]),
        new("interventional-cardiology", "Interventional cardiology", [CaseCategory.Cardiac]),
        new("electrophysiology", "Cardiac electrophysiology", [CaseCategory.Cardiac]),
        new("heart-failure", "Advanced heart failure and transplant cardiology", [CaseCategory.Cardiac]),
        new("cardiothoracic-surgery", "Cardiothoracic surgery", [CaseCategory.Cardiac, CaseCategory.Oncology]),
        // Neurological
        new("neurology", "Neurology", [CaseCategory.Neurology]),
        new("epileptology", "Epilepsy", [CaseCategory.Neurology]),
        new("movement-disorders", "Movement disorders", [CaseCategory.Neurology]),
        new("neuroimmunology", "Neuroimmunology and multiple sclerosis", [CaseCategory.Neurology]),
        new("vascular-neurology", "Vascular neurology (stroke)", [CaseCategory.Neurology]),
        new("neuromuscular", "Neuromuscular medicine", [CaseCategory.Neurology, CaseCategory.Diabetes]),
        new("neurosurgery", "Neurological surgery", [CaseCategory.Neurology, CaseCategory.Oncology, CaseCategory.Orthopedic]),
        // Diabetes and metabolism
        new("endocrinology", "Endocrinology, diabetes and metabolism", [CaseCategory.Diabetes]),
        new("nephrology", "Nephrology", [CaseCategory.Diabetes]),
        new("internal-medicine", "Internal medicine", AllCategories),
        new("podiatry", "Diabetic foot (podiatric medicine)", [CaseCategory.Diabetes, CaseCategory.Orthopedic]),
        // Ocular
        new("ophthalmology", "Ophthalmology", [CaseCategory.Ocular]),
        new("retina", "Retina and vitreous", [CaseCategory.Ocular, CaseCategory.Diabetes]),
        new("glaucoma", "Glaucoma", [CaseCategory.Ocular]),
        new("cornea", "Cornea and external disease", [CaseCategory.Ocular]),
        new("neuro-ophthalmology", "Neuro-ophthalmology", [CaseCategory.Ocular, CaseCategory.Neurology]),
        new("ocular-oncology", "Ocular oncology", [CaseCategory.Ocular, CaseCategory.Oncology]),
        // Orthopedic
        new("orthopedic-surgery", "Orthopaedic surgery", [CaseCategory.Orthopedic]),
        new("spine-surgery", "Spine surgery", [CaseCategory.Orthopedic, CaseCategory.Neurology]),
        new("sports-medicine", "Sports medicine", [CaseCategory.Orthopedic]),
        new("joint-replacement", "Adult reconstruction (joint replacement)", [CaseCategory.Orthopedic]),
        new("hand-surgery", "Hand and upper extremity surgery", [CaseCategory.Orthopedic]),
        new("foot-and-ankle", "Foot and ankle surgery", [CaseCategory.Orthopedic, CaseCategory.Diabetes]),
        new("orthopedic-oncology", "Orthopaedic oncology", [CaseCategory.Orthopedic, CaseCategory.Oncology]),
        new("rheumatology", "Rheumatology", [CaseCategory.Orthopedic]),
        new("physical-medicine", "Physical medicine and rehabilitation", [CaseCategory.Orthopedic, CaseCategory.Neurology]),
    ];

    private static readonly Dictionary<string, Subspecialty> ById = All.ToDictionary(s => s.Id, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Ids => ById.Keys;

    public static bool IsKnown(string id) => ById.ContainsKey(id);

    public static Subspecialty? Find(string id) => ById.GetValueOrDefault(id);
}
