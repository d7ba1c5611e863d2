using System.Text.RegularExpressions;

namespace SecondOpinion.Core.Records;

/// <summary>One concept of the lexicon: the fact it becomes (kind, canonical value, ICD-10-CM code, category) and the phrasings that name it.</summary>
public sealed record LexiconEntry(string Kind, string Value, string? Code, string? Category, IReadOnlyList<string> Terms);

/// <summary>
/// The curated lexicon of diagnoses, procedures and medications, for the six disorder groups.
/// Each diagnosis's <see cref="LexiconEntry.Value"/> is the title of its ICD-10-CM category (or code) in the
/// tabular list (CDC/NCHS, FY2025 edition), lower case, and <see cref="LexiconEntry.Code"/> that category; the
/// synonyms, abbreviations and common report phrasings under it (and the Japanese terms for the commonest
/// diagnoses, for records from Japan) are our own curation. A phrase in <see cref="LexiconEntry.Terms"/> is
/// matched as whole words, case-insensitively, with any run of spaces, hyphens or a line break between its words
/// ("non small-cell" = "non-small cell"); <c>(?:…)</c> groups and <c>?</c> may be used inside a term.
/// When two phrasings overlap, the longer wins, so "adenocarcinoma of the prostate" is a prostate cancer and not
/// an unspecified carcinoma.
/// </summary>
public static partial class ClinicalLexicon
{
    private const string O = FactCategories.Oncology, C = FactCategories.Cardiac, N = FactCategories.Neurology,
        D = FactCategories.Diabetes, E = FactCategories.Ocular, M = FactCategories.Orthopedic;

    private const string Malignant = "(?:cancer|carcinoma|adenocarcinoma|malignancy|malignant neoplasm|malignant tumou?r|neoplasm)";

    /// <summary>A malignant neoplasm of a site: "prostate cancer", "adenocarcinoma of the prostate", "prostatic adenocarcinoma".</summary>
    private static LexiconEntry Site(string code, string title, string adjectives, string nouns, params string[] extra) =>
        new(FactKinds.Diagnosis, title, code, O,
        [
            $"(?:{adjectives}) {Malignant}",
            $"{Malignant} (?:of|in|involving) (?:the )?(?:(?:left|right|bilateral) )?(?:{nouns})",
            .. extra,
        ]);

    private static LexiconEntry Dx(string code, string title, string? category, params string[] terms) => new(FactKinds.Diagnosis, title, code, category, terms);
    private static LexiconEntry Px(string value, string? category, params string[] terms) => new(FactKinds.Procedure, value, null, category, terms.Length == 0 ? [value] : terms);
    private static LexiconEntry Rx(string value, string? category, params string[] terms) => new(FactKinds.Medication, value, null, category, terms.Length == 0 ? [value] : terms);

    public static readonly IReadOnlyList<LexiconEntry> Entries =
    [
        // Oncology (ICD-10-CM chapter 2, C00–D49)
        Site("C61", "malignant neoplasm of prostate", "prostate|prostatic", "prostate|prostate gland", "前立腺癌", "前立腺がん"),
        Site("C50", "malignant neoplasm of breast", "breast|mammary", "breast|(?:left|right) breast",
            "invasive (?:ductal|lobular|mammary) carcinoma", "infiltrating (?:ductal|lobular) carcinoma", "IDC", "ILC", "乳癌", "乳がん"),
        Site("C34", "malignant neoplasm of bronchus and lung", "lung|pulmonary|bronchogenic|non small cell lung|small cell lung", "lung|(?:left|right) (?:upper|middle|lower) lobe|bronchus",
            "NSCLC", "SCLC", "non small cell lung cancer", "肺癌", "肺がん"),
        Site("C18", "malignant neoplasm of colon", "colon|colonic|colorectal|sigmoid|cecal|caecal", "colon|sigmoid colon|cecum|caecum", "大腸癌", "結腸癌"),
        Site("C20", "malignant neoplasm of rectum", "rectal", "rectum", "直腸癌"),
        Site("C25", "malignant neoplasm of pancreas", "pancreatic|pancreas", "pancreas|pancreatic head", "膵癌", "膵臓癌"),
        Site("C16", "malignant neoplasm of stomach", "gastric|stomach", "stomach", "胃癌", "胃がん"),
        Site("C22", "malignant neoplasm of liver and intrahepatic bile ducts", "hepatocellular|liver|hepatic", "liver", "HCC", "肝細胞癌", "肝癌"),
        Site("C64", "malignant neoplasm of kidney, except renal pelvis", "renal cell|renal|kidney", "kidney", "RCC", "clear cell renal cell carcinoma", "腎細胞癌"),
        Site("C67", "malignant neoplasm of bladder", "bladder|urothelial", "bladder|urinary bladder", "膀胱癌"),
        Site("C56", "malignant neoplasm of ovary", "ovarian", "ovary|ovaries", "卵巣癌"),
        Site("C53", "malignant neoplasm of cervix uteri", "cervical", "cervix|cervix uteri", "子宮頸癌"),
        Site("C54", "malignant neoplasm of corpus uteri", "endometrial|uterine", "endometrium|uterus", "子宮体癌"),
        Site("C73", "malignant neoplasm of thyroid gland", "thyroid|papillary thyroid", "thyroid|thyroid gland", "甲状腺癌"),
        Site("C15", "malignant neoplasm of esophagus", "esophageal|oesophageal", "esophagus|oesophagus", "食道癌"),
        Dx("C71", "malignant neoplasm of brain", O, "glioblastoma(?: multiforme)?", "GBM", "(?:high|low) grade glioma", "glioma", "astrocytoma", "oligodendroglioma",
            "brain cancer", "malignant brain tumou?r", "膠芽腫", "神経膠腫"),
        Dx("D32", "benign neoplasm of meninges", O, "meningioma", "髄膜腫"),
        Dx("D05.1", "intraductal carcinoma in situ of breast", O, "ductal carcinoma in situ", "DCIS"),
        Dx("C43", "malignant melanoma of skin", O, "melanoma", "malignant melanoma"),
        Dx("C81", "hodgkin lymphoma", O, "hodgkin'?s? lymphoma", "hodgkin'?s? disease"),
        Dx("C85.9", "non-hodgkin lymphoma, unspecified", O, "non hodgkin'?s? lymphoma", "NHL", "lymphoma", "diffuse large B cell lymphoma", "DLBCL", "リンパ腫"),
        Dx("C90.0", "multiple myeloma", O, "multiple myeloma", "myeloma", "骨髄腫"),
        Dx("C95.9", "leukemia, unspecified", O, "leuka?emia", "白血病"),
        Dx("C79.51", "secondary malignant neoplasm of bone", O, "(?:bone|osseous|skeletal) metastas[ie]s", "metastas[ie]s to (?:the )?bones?", "骨転移"),
        Dx("C78.7", "secondary malignant neoplasm of liver and intrahepatic bile duct", O, "(?:liver|hepatic) metastas[ie]s", "metastas[ie]s to (?:the )?liver", "肝転移"),
        Dx("C79.31", "secondary malignant neoplasm of brain", O, "(?:brain|cerebral) metastas[ie]s", "metastas[ie]s to (?:the )?brain", "脳転移"),
        Dx("C78.00", "secondary malignant neoplasm of lung", O, "(?:lung|pulmonary) metastas[ie]s", "metastas[ie]s to (?:the )?lungs?", "肺転移"),
        Dx("C77.9", "secondary malignant neoplasm of lymph node, unspecified", O, "(?:lymph node|nodal) metastas[ie]s", "metastatic (?:carcinoma|disease) (?:in|to) (?:\\d+ (?:of \\d+ )?)?(?:regional )?lymph nodes?", "リンパ節転移"),
        Dx("C79.9", "secondary malignant neoplasm of unspecified site", O, "metastatic disease", "metastas[ie]s", "metastatic", "mets", "distant spread", "転移"),
        Dx("C80.1", "malignant (primary) neoplasm, unspecified", O, "carcinoma", "adenocarcinoma", "cancer", "malignancy", "malignant neoplasm", "malignant tumou?r",
            "squamous cell carcinoma", "sarcoma", "癌", "がん", "悪性腫瘍"),
        Dx("G95.20", "unspecified cord compression", N, "(?:spinal )?cord compression", "compression of the (?:spinal )?cord", "malignant (?:spinal )?cord compression", "MSCC", "脊髄圧迫"),

        // Cardiac (chapter 9, I00–I99 outside the cerebrovascular block)
        Dx("I35.0", "nonrheumatic aortic (valve) stenosis", C, "(?:(?:very severe|severe|critical|moderate|mild|calcific|degenerative) )?aortic (?:valve )?stenosis", "aortic valvular stenosis", "stenosis of the aortic valve", "calcific aortic stenosis",
            "(?:severe|critical|moderate|mild) (?-i:AS)", "大動脈弁狭窄症?"),
        Dx("I34.0", "nonrheumatic mitral (valve) insufficiency", C, "mitral (?:valve )?(?:regurgitation|insufficiency)", "(?:severe|moderate) (?-i:MR)", "僧帽弁閉鎖不全症?"),
        Dx("I05.0", "rheumatic mitral stenosis", C, "mitral (?:valve )?stenosis"),
        Dx("I25.10", "atherosclerotic heart disease of native coronary artery", C, "coronary artery disease", "CAD", "coronary heart disease", "ischa?emic heart disease",
            "(?:single|double|triple|two|three|multi) vessel (?:coronary )?disease", "冠動脈疾患", "狭心症"),
        Dx("I21.9", "acute myocardial infarction, unspecified", C, "(?:acute )?myocardial infarction", "heart attack", "STEMI", "NSTEMI", "non ST elevation myocardial infarction",
            "ST elevation myocardial infarction", "AMI", "心筋梗塞"),
        Dx("I20.0", "unstable angina", C, "unstable angina", "acute coronary syndrome", "ACS"),
        Dx("I50.9", "heart failure, unspecified", C, "(?:congestive )?heart failure", "cardiac failure", "CHF", "HFrEF", "HFpEF", "HFmrEF", "心不全"),
        Dx("I50.9", "acute decompensated heart failure", C, "acute (?:decompensated )?(?:congestive )?heart failure", "decompensated heart failure", "ADHF", "急性心不全"),
        Dx("I42.9", "cardiomyopathy, unspecified", C, "(?:(?:dilated|hypertrophic|ischa?emic|non ischa?emic|restrictive) )?cardiomyopathy", "HCM", "HOCM", "DCM", "心筋症"),
        Dx("I48.91", "unspecified atrial fibrillation", C, "atrial fibrillation", "a fib", "afib", "AF", "paroxysmal AF", "心房細動"),
        Dx("I47.2", "ventricular tachycardia", C, "ventricular tachycardia", "VT"),
        Dx("I49.9", "cardiac arrhythmia, unspecified", C, "arrhythmias?", "不整脈"),
        Dx("I71.00", "dissection of unspecified site of aorta", C, "aortic dissection", "dissection of the aorta", "大動脈解離"),
        Dx("I71.9", "aortic aneurysm of unspecified site, without rupture", C, "aortic aneurysm", "AAA", "abdominal aortic aneurysm", "thoracic aortic aneurysm", "大動脈瘤"),
        Dx("I31.4", "cardiac tamponade", C, "(?:cardiac|pericardial) tamponade", "tamponade"),
        Dx("I33.0", "acute and subacute infective endocarditis", C, "(?:infective )?endocarditis"),
        Dx("I10", "essential (primary) hypertension", C, "hypertension", "HTN", "high blood pressure", "高血圧症?"),

        // Neurological (chapter 6, G00–G99, and the cerebrovascular block I60–I69)
        Dx("G35", "multiple sclerosis", N, "multiple sclerosis", "relapsing remitting multiple sclerosis", "RRMS", "SPMS", "PPMS", "MS", "多発性硬化症"),
        Dx("G40.901", "epilepsy, unspecified, not intractable, with status epilepticus", N, "status epilepticus", "てんかん重積"),
        Dx("G40.909", "epilepsy, unspecified, not intractable, without status epilepticus", N, "epilepsy", "epileptic", "seizure disorder",
            "(?:temporal|frontal) lobe epilepsy", "てんかん"),
        Dx("R56.9", "unspecified convulsions", N, "seizures?", "convulsions?", "発作", "けいれん"),
        Dx("G20", "parkinson's disease", N, "parkinson'?s? disease", "parkinson'?s?", "parkinsonism", "パーキンソン病"),
        Dx("G30.9", "alzheimer's disease, unspecified", N, "alzheimer'?s? disease", "alzheimer'?s? dementia", "アルツハイマー病"),
        Dx("F03.90", "unspecified dementia", N, "dementia", "認知症"),
        Dx("I63.9", "cerebral infarction, unspecified", N, "(?:ischa?emic )?stroke", "cerebral infarction", "(?:cerebral|brain) infarcts?", "CVA", "cerebrovascular accident", "脳梗塞"),
        Dx("I63.9", "acute cerebral infarction", N, "acute (?:ischa?emic )?stroke", "acute (?:cerebral )?infarct(?:ion)?", "acute CVA", "hyperacute stroke", "急性期脳梗塞"),
        Dx("G45.9", "transient cerebral ischemic attack, unspecified", N, "transient isch(?:a)?emic attack", "TIA", "一過性脳虚血発作"),
        Dx("I61.9", "nontraumatic intracerebral hemorrhage, unspecified", N, "intracerebral (?:haemorrhage|hemorrhage)", "ICH", "脳出血"),
        Dx("I60.9", "nontraumatic subarachnoid hemorrhage, unspecified", N, "subarachnoid (?:haemorrhage|hemorrhage)", "SAH", "くも膜下出血"),
        Dx("I67.1", "cerebral aneurysm, nonruptured", N, "(?:cerebral|intracranial|berry) aneurysm", "脳動脈瘤"),
        Dx("G43.909", "migraine, unspecified", N, "migraines?", "片頭痛"),
        Dx("G70.00", "myasthenia gravis without (acute) exacerbation", N, "myasthenia gravis", "重症筋無力症"),
        Dx("G12.21", "amyotrophic lateral sclerosis", N, "amyotrophic lateral sclerosis", "ALS", "motor neurone? disease", "筋萎縮性側索硬化症"),
        Dx("G62.9", "polyneuropathy, unspecified", N, "(?:peripheral )?(?:poly)?neuropathy", "末梢神経障害"),
        Dx("G50.0", "trigeminal neuralgia", N, "trigeminal neuralgia"),
        Dx("G91.9", "hydrocephalus, unspecified", N, "hydrocephalus", "水頭症"),
        Dx("G83.4", "cauda equina syndrome", N, "cauda equina syndrome", "cauda equina compression"),

        // Diabetes and metabolism (chapter 4, E08–E13)
        Dx("E11.9", "type 2 diabetes mellitus without complications", D, "type (?:2|II|two) diabetes(?: mellitus)?", "T2DM", "DM2", "DM type 2", "diabetes mellitus type 2",
            "non insulin dependent diabetes", "NIDDM", "2型糖尿病"),
        Dx("E10.9", "type 1 diabetes mellitus without complications", D, "type (?:1|I|one) diabetes(?: mellitus)?", "T1DM", "DM1", "diabetes mellitus type 1",
            "insulin dependent diabetes", "IDDM", "1型糖尿病"),
        Dx("E11.9", "diabetes mellitus", D, "diabetes mellitus", "diabetes", "diabetic", "DM", "糖尿病"),
        Dx("E11.10", "type 2 diabetes mellitus with ketoacidosis without coma", D, "(?:diabetic )?ketoacidosis", "DKA", "糖尿病性ケトアシドーシス"),
        Dx("E11.65", "type 2 diabetes mellitus with hyperglycemia", D, "hyperglyca?emia", "hyperosmolar hyperglyca?emic state", "HHS", "uncontrolled diabetes", "poorly controlled diabetes"),
        Dx("E11.649", "type 2 diabetes mellitus with hypoglycemia without coma", D, "hypoglyca?emi(?:a|c episodes?)", "低血糖"),
        Dx("E11.21", "type 2 diabetes mellitus with diabetic nephropathy", D, "diabetic (?:nephropathy|kidney disease)", "DKD", "糖尿病性腎症"),
        Dx("E11.42", "type 2 diabetes mellitus with diabetic polyneuropathy", D, "diabetic (?:poly)?neuropathy", "diabetic peripheral neuropathy", "DPN", "糖尿病性神経障害"),
        Dx("E11.621", "type 2 diabetes mellitus with foot ulcer", D, "diabetic foot(?: ulcers?)?", "diabetic ulcers?", "糖尿病性足潰瘍"),
        Dx("N18.9", "chronic kidney disease, unspecified", null, "chronic kidney disease", "CKD(?: stage \\d[ab]?)?", "chronic renal (?:failure|insufficiency)", "慢性腎臓病"),
        Dx("N18.6", "end stage renal disease", null, "end stage (?:renal|kidney) disease", "ESRD", "ESKD", "末期腎不全"),

        // Ocular (chapter 7, H00–H59)
        Dx("E11.319", "type 2 diabetes mellitus with unspecified diabetic retinopathy without macular edema", E,
            "diabetic retinopathy", "(?:non )?proliferative diabetic retinopathy", "NPDR", "PDR", "糖尿病網膜症"),
        Dx("E11.311", "type 2 diabetes mellitus with unspecified diabetic retinopathy with macular edema", E, "diabetic macular (?:o)?edema", "DME", "DMO", "糖尿病黄斑浮腫"),
        Dx("H40.11", "primary open-angle glaucoma", E, "(?:primary )?open angle glaucoma", "POAG", "normal tension glaucoma", "NTG", "開放隅角緑内障", "正常眼圧緑内障"),
        Dx("H40.21", "acute angle-closure glaucoma", E, "acute angle closure(?: glaucoma)?", "acute angle closure crisis", "急性緑内障発作"),
        Dx("H40.20", "unspecified primary angle-closure glaucoma", E, "angle closure glaucoma", "narrow angle glaucoma", "PACG", "閉塞隅角緑内障"),
        Dx("H40.9", "unspecified glaucoma", E, "glaucoma", "緑内障"),
        Dx("H40.05", "ocular hypertension", E, "ocular hypertension", "高眼圧症"),
        Dx("H35.32", "exudative age-related macular degeneration", E, "(?:wet|neovascular|exudative) (?:age related )?macular degeneration", "(?:wet|neovascular) AMD", "nAMD", "CNV",
            "choroidal neovasculari[sz]ation", "滲出型加齢黄斑変性"),
        Dx("H35.30", "unspecified macular degeneration", E, "(?:age related )?macular degeneration", "ARMD", "AMD", "加齢黄斑変性"),
        Dx("H35.81", "retinal edema", E, "(?:cystoid )?macular (?:o)?edema", "CME", "retinal (?:o)?edema", "黄斑浮腫"),
        Dx("H33.2", "serous retinal detachment", E, "retinal detachment", "detached retina", "rhegmatogenous retinal detachment", "RRD", "網膜剥離"),
        Dx("H34.1", "central retinal artery occlusion", E, "central retinal artery occlusion", "CRAO", "網膜中心動脈閉塞症?"),
        Dx("H34.8", "other retinal vascular occlusions", E, "(?:central |branch )?retinal vein occlusion", "CRVO", "BRVO", "RVO", "網膜静脈閉塞症?"),
        Dx("H26.9", "unspecified cataract", E, "cataracts?", "白内障"),
        Dx("H18.6", "keratoconus", E, "keratoconus", "円錐角膜"),
        Dx("H20.9", "unspecified iridocyclitis", E, "uveitis", "iritis", "iridocyclitis", "ぶどう膜炎"),
        Dx("H35.34", "macular cyst, hole, or pseudohole", E, "macular hole", "黄斑円孔"),
        Dx("H35.37", "puckering of macula", E, "epiretinal membrane", "ERM", "macular pucker", "黄斑上膜"),
        Dx("H43.1", "vitreous hemorrhage", E, "vitreous (?:haemorrhage|hemorrhage)", "硝子体出血"),
        Dx("H46.9", "unspecified optic neuritis", E, "optic neuritis", "視神経炎"),
        Dx("H47.1", "papilledema", E, "papill(?:o)?edema", "うっ血乳頭"),

        // Orthopedic (chapter 13, M00–M99, and injuries)
        Dx("M17.9", "osteoarthritis of knee, unspecified", M, "(?:knee|tibiofemoral|patellofemoral) osteoarthritis", "osteoarthritis of (?:the )?(?:(?:left|right|bilateral) )?knees?", "gonarthrosis",
            "knee (?-i:OA)", "(?-i:OA) (?:of )?(?:the )?(?:(?:left|right) )?knee", "変形性膝関節症"),
        Dx("M16.9", "osteoarthritis of hip, unspecified", M, "hip osteoarthritis", "osteoarthritis of (?:the )?(?:(?:left|right|bilateral) )?hips?", "coxarthrosis", "hip OA", "変形性股関節症"),
        Dx("M19.90", "unspecified osteoarthritis, unspecified site", M, "osteoarthritis", "osteoarthrosis", "degenerative joint disease", "DJD", "OA", "変形性関節症"),
        Dx("M06.9", "rheumatoid arthritis, unspecified", M, "rheumatoid arthritis", "関節リウマチ"),
        Dx("S72.00", "fracture of unspecified part of neck of femur", M, "(?:hip|femoral neck|neck of femur|intertrochanteric) fracture", "fractured? (?:neck of )?(?:the )?femur", "大腿骨頸部骨折"),
        Dx("T14.8", "other injury of unspecified body region (fracture)", M, "fractures?", "fractured", "骨折"),
        Dx("M51.26", "other intervertebral disc displacement, lumbar region", M, "(?:lumbar )?dis[ck] herniation", "herniated (?:lumbar )?(?:intervertebral )?dis[ck]", "herniated nucleus pulposus", "HNP",
            "(?:lumbar )?dis[ck] (?:protrusion|extrusion|prolapse)", "slipped dis[ck]", "腰椎椎間板ヘルニア", "椎間板ヘルニア"),
        Dx("M50.20", "other cervical disc displacement, unspecified cervical region", M, "cervical dis[ck] herniation", "herniated cervical dis[ck]", "頸椎椎間板ヘルニア"),
        Dx("M48.06", "spinal stenosis, lumbar region", M, "(?:lumbar )?spinal (?:canal )?stenosis", "(?:lumbar|central|foraminal) stenosis", "neurogenic claudication", "脊柱管狭窄症"),
        Dx("M41.9", "scoliosis, unspecified", M, "(?:adolescent idiopathic |idiopathic |degenerative )?scoliosis", "側弯症"),
        Dx("M43.10", "spondylolisthesis, site unspecified", M, "spondylolisthesis", "すべり症"),
        Dx("S83.209A", "tear of unspecified meniscus, current injury, of unspecified knee", M, "(?:(?:medial|lateral|bucket handle|radial|complex|degenerative) )?meniscal tear", "meniscus tear",
            "torn (?:medial |lateral )?meniscus", "tear of the (?:medial |lateral )?meniscus", "半月板損傷", "半月板断裂"),
        Dx("S83.509A", "sprain of unspecified cruciate ligament of unspecified knee", M, "(?:anterior|posterior) cruciate ligament (?:tear|rupture)", "(?:ACL|PCL) (?:tear|rupture)", "torn ACL",
            "前十字靭帯損傷"),
        Dx("M75.100", "unspecified rotator cuff tear or rupture of unspecified shoulder, not specified as traumatic", M, "rotator cuff tear", "torn rotator cuff", "supraspinatus tear",
            "full thickness (?:rotator cuff |supraspinatus )?tear", "腱板断裂"),
        Dx("M75.00", "adhesive capsulitis of unspecified shoulder", M, "adhesive capsulitis", "frozen shoulder", "五十肩", "肩関節周囲炎"),
        Dx("G56.00", "carpal tunnel syndrome, unspecified upper limb", M, "carpal tunnel syndrome", "CTS", "手根管症候群"),
        Dx("M81.0", "age-related osteoporosis without current pathological fracture", M, "osteoporosis", "骨粗鬆症"),
        Dx("M87.9", "osteonecrosis, unspecified", M, "(?:avascular|aseptic) necrosis", "osteonecrosis", "AVN", "大腿骨頭壊死"),

        // Procedures
        Px("prostatectomy", O, "(?:radical |robotic |laparoscopic )?prostatectomy", "RALP", "前立腺全摘"),
        Px("mastectomy", O, "mastectomy", "乳房切除"),
        Px("lumpectomy", O, "lumpectomy", "breast conserving surgery", "partial mastectomy", "wide local excision", "乳房温存"),
        Px("biopsy", null, "biops(?:y|ies)", "core needle biopsy", "fine needle aspiration", "FNA", "生検"),
        Px("chemotherapy", O, "chemotherapy", "chemo", "neoadjuvant therapy", "adjuvant therapy", "化学療法"),
        Px("radiotherapy", O, "radiotherapy", "radiation therapy", "radiation treatment", "SBRT", "IMRT", "brachytherapy", "放射線治療"),
        Px("craniotomy", N, "craniotomy", "開頭術"),
        Px("coronary artery bypass graft", C, "coronary artery bypass(?: graft(?:ing)?)?", "CABG", "bypass surgery", "冠動脈バイパス"),
        Px("percutaneous coronary intervention", C, "percutaneous coronary intervention", "PCI", "(?:coronary )?stent(?:ing|s)?", "(?:coronary )?angioplasty", "PTCA", "drug eluting stent", "DES"),
        Px("coronary angiography", C, "(?:coronary )?angiogra(?:m|phy)", "cardiac catheteri[sz]ation", "heart catheteri[sz]ation", "cath(?:eterization)? lab", "心臓カテーテル"),
        Px("transcatheter aortic valve replacement", C, "TAVR", "TAVI", "transcatheter aortic valve (?:replacement|implantation)"),
        Px("valve replacement", C, "(?:aortic |mitral )?valve replacement", "(?:surgical )?AVR", "SAVR", "MVR", "valve repair", "弁置換"),
        Px("ablation", C, "(?:catheter |radiofrequency |cryo)?ablation", "pulmonary vein isolation", "PVI", "アブレーション"),
        Px("pacemaker implantation", C, "pacemaker", "ペースメーカー"),
        Px("total knee arthroplasty", M, "(?:total |partial |unicompartmental )?knee (?:replacement|arthroplasty)", "TKA", "TKR", "UKA", "人工膝関節置換術?"),
        Px("total hip arthroplasty", M, "(?:total )?hip (?:replacement|arthroplasty)", "THA", "THR", "hemiarthroplasty", "人工股関節置換術?"),
        Px("arthroscopy", M, "arthroscop(?:y|ic)", "meniscectomy", "ACL reconstruction", "rotator cuff repair", "関節鏡"),
        Px("high tibial osteotomy", M, "(?:high tibial )?osteotomy", "HTO"),
        Px("spinal fusion", M, "spinal fusion", "(?:lumbar |cervical )?fusion", "TLIF", "PLIF", "ALIF", "ACDF", "脊椎固定術"),
        Px("laminectomy", M, "laminectomy", "laminotomy", "decompression surgery", "椎弓切除"),
        Px("discectomy", M, "(?:micro)?disc?ectomy", "椎間板切除"),
        Px("vitrectomy", E, "(?:pars plana )?vitrectomy", "硝子体手術"),
        Px("trabeculectomy", E, "trabeculectomy", "glaucoma surgery", "tube shunt", "MIGS", "線維柱帯切除術"),
        Px("cataract surgery", E, "cataract (?:surgery|extraction)", "phacoemulsification", "phaco", "白内障手術"),
        Px("intravitreal injection", E, "intravitreal (?:anti VEGF )?injections?", "anti VEGF (?:injections?|therapy|treatment)", "硝子体内注射"),
        Px("laser photocoagulation", E, "(?:panretinal |focal |grid )?(?:laser )?photocoagulation", "panretinal laser", "網膜光凝固"),
        Px("thrombectomy", N, "(?:mechanical )?thrombectomy", "血栓回収"),
        Px("thrombolysis", N, "thrombolysis", "tPA", "alteplase", "tenecteplase", "血栓溶解"),
        Px("amputation", D, "(?:toe |foot |below knee |above knee |transmetatarsal )?amputation", "切断"),
        Px("dialysis", null, "(?:ha?emo|peritoneal )?dialysis", "透析"),
        Px("surgery", null, "surgery", "operation", "resection", "excision", "手術", "切除"),

        // Medications
        Rx("metformin", D), Rx("insulin", D, "insulin", "インスリン"), Rx("semaglutide", D), Rx("empagliflozin", D), Rx("dapagliflozin", D), Rx("sitagliptin", D),
        Rx("tamoxifen", O), Rx("letrozole", O), Rx("anastrozole", O), Rx("trastuzumab", O, "trastuzumab", "herceptin"), Rx("pembrolizumab", O), Rx("enzalutamide", O),
        Rx("androgen deprivation therapy", O, "androgen deprivation therapy", "ADT", "leuprolide", "goserelin"),
        Rx("warfarin", C), Rx("apixaban", C), Rx("rivaroxaban", C), Rx("clopidogrel", C), Rx("aspirin", null), Rx("statin", C, "statins?", "atorvastatin", "rosuvastatin"),
        Rx("sacubitril/valsartan", C, "sacubitril(?:/valsartan)?", "entresto"),
        Rx("levetiracetam", N, "levetiracetam", "keppra"), Rx("lamotrigine", N), Rx("valproate", N, "valproate", "valproic acid"), Rx("carbamazepine", N),
        Rx("levodopa", N, "levodopa", "carbidopa/levodopa"), Rx("ocrelizumab", N), Rx("natalizumab", N), Rx("interferon beta", N, "interferon beta(?: 1a| 1b)?"),
        Rx("latanoprost", E), Rx("timolol", E), Rx("ranibizumab", E), Rx("aflibercept", E), Rx("bevacizumab", null),
        Rx("methotrexate", null), Rx("corticosteroid injection", M, "(?:corticosteroid|steroid|cortisone) injection"), Rx("hyaluronic acid injection", M, "hyaluronic acid(?: injection)?", "viscosupplementation"),
    ];

    private static readonly IReadOnlyList<(LexiconEntry Entry, Regex Pattern)> Compiled =
        Entries.Select(e => (e, new Regex(string.Join('|', e.Terms.Select(ToPattern)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))).ToList();

    // Capitals-only abbreviations ("MS", "AS", "PD") are matched case-sensitively: "as" and "ms" are words too.
    private static string ToPattern(string term)
    {
        var body = term.Replace(" ", @"[\s\-]+", StringComparison.Ordinal).Replace("'", "['’]", StringComparison.Ordinal);
        var caseSensitive = term.Length <= 5 && term.All(c => char.IsUpper(c) || char.IsDigit(c));
        if (term.Any(c => c > 0x2E80)) return $"(?:{body})";
        return caseSensitive ? $"(?-i:(?<![A-Za-z0-9]){body}(?![A-Za-z0-9]))" : $"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])";
    }

    /// <summary>Every lexicon match in the text, overlapping matches of the same kind resolved longest first.</summary>
    public static IReadOnlyList<(LexiconEntry Entry, int Start, int Length)> Find(string text)
    {
        var candidates = new List<(LexiconEntry Entry, int Start, int Length)>();
        foreach (var (entry, pattern) in Compiled)
            foreach (Match m in pattern.Matches(text))
                if (m.Length > 0) candidates.Add((entry, m.Index, m.Length));
        var accepted = new List<(LexiconEntry Entry, int Start, int Length)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Length).ThenBy(c => c.Start))
        {
            // Procedures and medications may sit inside a diagnosis phrase and the other way round ("diabetic foot" and "amputation" do not compete); within a kind the longest wins.
            if (accepted.Any(a => a.Entry.Kind == candidate.Entry.Kind && a.Start < candidate.Start + candidate.Length && candidate.Start < a.Start + a.Length)) continue;
            accepted.Add(candidate);
        }
        return accepted.OrderBy(a => a.Start).ToList();
    }
}
