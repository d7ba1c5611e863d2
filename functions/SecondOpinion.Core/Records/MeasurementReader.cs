using System.Globalization;
using System.Text.RegularExpressions;

namespace SecondOpinion.Core.Records;

/// <summary>
/// Reads measured and graded results out of report text, as reports print them and as OCR leaves them
/// ("EF: 35 %", "LVEF 30-35%", "ejection fraction of 35 percent", "AVA 0.8 cm2", "80% stenosis of the
/// proximal LAD", "2.3 x 1.8 cm mass", "pT2N1M0", "ER positive (95%)", "HER2 2+ / FISH not amplified",
/// "Gleason 3 + 4 = 7", "20/40", "6/12", "RV=0.5(1.2)", "IOP 24/22 mmHg"). Each value is converted to the unit
/// <see cref="MeasurementNames"/> documents, and checked against a plausible range so a page number or a date
/// is not taken for a result. Pure.
/// </summary>
public static partial class MeasurementReader
{
    private const string Num = @"\d{1,4}(?:\.\d+)?";
    // The words reports put between a label and its value.
    private const string Sep = @"(?:\s*(?:[:=~]|\((?:by\s+)?(?:biplane|simpson'?s?|visual|estimated|continuity(?:\s+equation)?|VTI|planimetry|PHT|2D|3D|TTE|TEE)\)|\b(?:is|was|of|at|about|around|approximately|approx\.?|estimated|calculated|measured|measures|measuring|visually|reduced|preserved|mildly|moderately|severely|to\s+be|by\s+(?:biplane|simpson'?s?|echo|TTE)|level|value|result|score|index)\b))*\s*";
    private const string Deg = @"\s*(?:°|º|˚|degrees?|deg)";

    /// <param name="Keys">Words one of which the text must hold for the pattern to be tried at all (two-letter ones in capitals, as printed); null: always tried. Interpreted patterns stay fast this way, and nothing is compiled at start-up.</param>
    private sealed record Reader(string[]? Keys, Regex Pattern, Func<Match, string, IEnumerable<MeasuredValue>> Read)
    {
        public bool MayMatch(string text) => Keys is null || Keys.Any(k =>
            text.Contains(k, k.Length <= 2 && k.All(char.IsAsciiLetterUpper) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every measurement in the text with its span; overlapping readings resolved longest first.</summary>
    public static IReadOnlyList<(MeasuredValue Value, int Start, int Length)> Find(string text)
    {
        var candidates = new List<(IReadOnlyList<MeasuredValue> Values, int Start, int Length)>();
        foreach (var reader in Readers.Where(r => r.MayMatch(text)))
            foreach (Match m in reader.Pattern.Matches(text))
            {
                var values = reader.Read(m, text).ToList();
                var (start, length) = Trim(text, m.Index, m.Length);
                if (values.Count > 0 && length > 0) candidates.Add((values, start, length));
            }
        var accepted = new List<(IReadOnlyList<MeasuredValue> Values, int Start, int Length)>();
        foreach (var c in candidates.OrderByDescending(c => c.Length).ThenBy(c => c.Start))
            if (!accepted.Any(a => a.Start < c.Start + c.Length && c.Start < a.Start + a.Length)) accepted.Add(c);
        return accepted.OrderBy(a => a.Start).SelectMany(a => a.Values.Select(v => (v, a.Start, a.Length))).ToList();
    }

    private static (int Start, int Length) Trim(string text, int start, int length)
    {
        var end = start + length;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or ':' or '(')) end--;
        return (start, end - start);
    }

    private static double D(string s) => double.Parse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A number as the normalized form writes it: no trailing zeros, invariant culture.</summary>
    private static string L(double logMar) => logMar.ToString("0.00", CultureInfo.InvariantCulture) + "logMAR";

    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static MeasuredValue Value(string name, double? value, string? unit, string normalizedValue, string? site = null) =>
        new(name, value, unit, $"{name}{(site is null ? "" : $"[{site}]")}={normalizedValue}") { Site = site };

    private static IEnumerable<MeasuredValue> One(MeasuredValue? value) => value is null ? [] : [value];

    private static Regex R(string pattern, bool ignoreCase = true) =>
        new(pattern, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private static readonly Reader[] Readers =
    [
        // Ejection fraction (%): "EF: 35 %", "LVEF 30-35%", "ejection fraction of 35 percent", "駆出率 35%".
        new(["EF", "ejection", "駆出率"], R($@"(?<![A-Za-z])(?:LV\s*EF|LVEF|EF|(?:left\s+ventricular\s+)?ejection\s+fraction|左室駆出率|駆出率)(?![A-Za-z]){Sep}(?<lo>\d{{1,2}}(?:\.\d)?)(?:\s*(?:-|–|to)\s*(?<hi>\d{{1,2}}(?:\.\d)?))?\s*(?:%|percent|pct)?(?![\d/.])"),
            (m, _) =>
            {
                var lo = D(m.Groups["lo"].Value);
                double? hi = m.Groups["hi"].Success ? D(m.Groups["hi"].Value) : null;
                if (lo is < 5 or > 90 || hi is < 5 or > 90 || hi < lo) return [];
                return [Value(MeasurementNames.Lvef, hi is { } h ? (lo + h) / 2 : lo, "%", hi is { } h2 ? $"{F(lo)}-{F(h2)}%" : $"{F(lo)}%")];
            }),
        // Valve area (cm²): "AVA 0.8 cm2", "aortic valve area (continuity) of 0.9 cm²", "MVA 1.2 cm^2".
        new(["area", "AVA", "MVA"], R($@"(?<![A-Za-z])(?:(?<valve>aortic|mitral)\s+valve\s+area|(?<abbr>AVA|MVA)(?!i)|valve\s+area){Sep}(?<v>\d(?:\.\d+)?)\s*(?:cm\s*(?:2|²|\^2)|sq\.?\s*cm)"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (v is <= 0 or > 8) return [];
                var valve = m.Groups["valve"].Success ? m.Groups["valve"].Value.ToLowerInvariant() : m.Groups["abbr"].Success ? (m.Groups["abbr"].Value.StartsWith('A') ? "aortic" : "mitral") : null;
                var name = valve switch { "aortic" => MeasurementNames.AorticValveArea, "mitral" => MeasurementNames.MitralValveArea, _ => MeasurementNames.ValveArea };
                return [Value(name, v, "cm2", $"{F(v)}cm2")];
            }),
        // Gradients (mmHg): "mean gradient 45 mmHg", "AV mean PG: 42 mmHg", "peak gradient of 70 mm Hg".
        new(["gradient", "PG", "MG"], R($@"(?<![A-Za-z])(?:(?<valve>aortic|mitral|transaortic|transmitral|AV|MV)\s+(?:valve\s+)?)?(?:(?<kind>mean|peak|max(?:imum)?|maximal)\s+(?:(?:systolic|pressure|transvalvular|valve)\s+)*(?:gradient|PG)|(?<abbr>MPG|PPG|MG))(?:\s+(?:across\s+the\s+)?(?<valve2>aortic|mitral)(?:\s+valve)?)?{Sep}(?<v>\d{{1,3}}(?:\.\d+)?)\s*mm\s*Hg"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (v is <= 0 or > 200) return [];
                var kind = m.Groups["kind"].Success ? m.Groups["kind"].Value.ToLowerInvariant() : m.Groups["abbr"].Value.ToUpperInvariant() == "PPG" ? "peak" : "mean";
                var name = kind == "mean" ? MeasurementNames.MeanGradient : MeasurementNames.PeakGradient;
                var valveText = (m.Groups["valve"].Success ? m.Groups["valve"].Value : m.Groups["valve2"].Value).ToLowerInvariant();
                string? site = valveText switch { "aortic" or "transaortic" or "av" => "aortic", "mitral" or "transmitral" or "mv" => "mitral", _ => null };
                return [Value(name, v, "mmHg", $"{F(v)}mmHg", site)];
            }),
        // Peak velocity (m/s): "peak velocity 4.2 m/s", "AV Vmax 420 cm/s".
        new(["velocity", "Vmax", "V max"], R($@"(?<![A-Za-z])(?:(?:(?:aortic|AV|peak|max(?:imum)?|jet|transaortic|systolic)\s+)+(?:jet\s+)?velocity|(?:AV\s+)?V\s?max|peak\s+AV\s+velocity){Sep}(?<v>\d{{1,3}}(?:\.\d+)?)\s*(?<u>m/s(?:ec)?|cm/s(?:ec)?)"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (m.Groups["u"].Value.StartsWith("cm", StringComparison.OrdinalIgnoreCase)) v /= 100;
                return v is <= 0 or > 8 ? [] : [Value(MeasurementNames.PeakVelocity, v, "m/s", $"{F(v)}m/s")];
            }),
        // Stenosis of a named vessel (%): "80% stenosis of the proximal LAD", "LAD: 70-80% stenosis", "left main 50%", "total occlusion of the RCA".
        new(["%"], R($@"(?<![\d.])(?<p>\d{{1,3}})\s*(?:(?:-|–|to)\s*(?<p2>\d{{1,3}})\s*)?%\s*(?:(?:focal|diffuse|ostial|tubular|eccentric|concentric|severe|moderate|mild|significant|critical|luminal|diameter|angiographic|calcified|discrete|long)\s+)*(?:stenos[ie]s|narrowing|lesion|occlusion|obstruction|blockage)\s+(?:of|in|at|within|involving)\s+(?:the\s+)?(?:(?:proximal|prox\.?|mid(?:dle)?|distal|ostial|ostium\s+of\s+the)\s+(?:to\s+mid\s+)?)?(?<vessel>{Vessels})"),
            (m, _) => One(Stenosis(m))),
        new(["%"], R($@"(?<![A-Za-z])(?<vessel>{Vessels})(?:\s+(?:artery|segment|lesion))?(?:\s*\((?:proximal|mid|distal)\))?(?:\s+(?:proximal|mid|distal)(?:\s+segment)?)?\s*(?:[:\-–]\s*|\s+(?:with|has|shows|demonstrates)\s+(?:an?\s+)?|\s+)(?:(?:proximal|mid|distal|ostial)\s+)?(?<p>\d{{1,3}})\s*(?:(?:-|–|to)\s*(?<p2>\d{{1,3}})\s*)?%(?:\s*(?:stenos[ie]s|narrowing|lesion|occlusion|obstruction))?"),
            (m, _) => One(Stenosis(m))),
        new(["occlu"], R($@"(?<![A-Za-z])(?:total(?:ly)?|complete(?:ly)?|chronic\s+total)\s+occlu(?:sion|ded)\s+(?:of\s+)?(?:the\s+)?(?:(?:proximal|mid|distal|ostial)\s+)?(?<vessel>{Vessels})"),
            (m, _) => One(Stenosis(m, 100))),
        // Tumour size (cm): "2.3 x 1.8 cm mass", "a mass measuring 23 x 18 mm", "tumor size: 2.3 cm", "1.8 cm in greatest dimension".
        new(["cm", "mm"], R($@"(?:(?<pre>(?:tumou?r|mass|lesion|nodule|carcinoma|neoplasm|lump|focus|tumou?r\s+size|size)\b[^.;\n\d]{{0,30}}?))?(?<![\d.])(?<a>{Num})\s*(?<ua>cm|mm)?\s*(?:(?:x|×|\*|by)\s*(?<b>{Num})\s*(?<ub>cm|mm)?\s*(?:(?:x|×|\*|by)\s*(?<c>{Num})\s*)?)?(?<u>cm|mm)(?![A-Za-z])(?<post>\s+(?:(?:in\s+(?:greatest|maximum|largest)\s+(?:dimension|diameter|extent))|(?:(?:enhancing|solid|spiculated|irregular|hypoechoic|heterogeneous|soft\s+tissue|well\s+circumscribed|ill\s+defined|left|right|breast|renal|hepatic|pulmonary|lung|brain|adrenal|pancreatic|invasive|residual)\s+){{0,3}}(?:tumou?r|mass|lesion|nodule|carcinoma|neoplasm|lump|focus)\b))?"),
            (m, _) => One(TumorSize(m))),
        // TNM with its prefix: "pT2N1M0", "cT3 N0 M0", "ypT1c pN0 (0/12)", "T2a N1mi M0".
        new(null, R(@"(?<![A-Za-z0-9])(?<pre>yp|yc|rp|p|c|r|a|y)?T(?<t>[0-4X]|is)(?<ts>[a-d]\d?)?(?:\s*\((?:m|\d+)\))?[\s,]*(?:yp|p|c)?N(?<n>[0-3X])(?<ns>mi|[a-c])?(?:\s*\([^)]{0,12}\))?(?:[\s,]*(?:p|c)?M(?<m>[01X])(?<ms>[a-c])?)?(?![A-Za-z0-9])", ignoreCase: false),
            (m, _) => [Value(MeasurementNames.Tnm, null, null,
                $"{m.Groups["pre"].Value}T{m.Groups["t"].Value}{m.Groups["ts"].Value}N{m.Groups["n"].Value}{m.Groups["ns"].Value}{(m.Groups["m"].Success ? $"M{m.Groups["m"].Value}{m.Groups["ms"].Value}" : "")}")]),
        // Stage group: "stage IIB", "Stage 3a", "ステージIV".
        new(["stage", "ステージ"], R(@"(?<![A-Za-z])(?i:stage|ステージ)\s*(?<s>IV|III|II|I|0|[1-4])(?<sub>[ABCabc][0-9]?)?(?![A-Za-z0-9])", ignoreCase: false),
            (m, _) =>
            {
                var s = m.Groups["s"].Value;
                var n = s switch { "0" => 0, "I" or "1" => 1, "II" or "2" => 2, "III" or "3" => 3, _ => 4 };
                var roman = n == 0 ? "0" : new[] { "I", "II", "III", "IV" }[n - 1];
                return [Value(MeasurementNames.Stage, n, null, roman + m.Groups["sub"].Value.ToUpperInvariant())];
            }),
        // Histologic grade: "Nottingham grade 3", "grade 2/3", "G3", "poorly differentiated".
        new(["grade"], R(@"(?<![A-Za-z])(?<!(?:gleason|kellgren[\s\-–]*(?:and\s+)?lawrence|KL|K-L|ISUP|tumou?r\s+regression|who)\s+)(?:(?:histologic(?:al)?|nottingham|nuclear|combined|overall|(?:modified\s+)?bloom[\s\-]*richardson|SBR|FNCLCC|tumou?r)\s+)?grade(?!\s+group)\s*[:=]?\s*(?<g>[1-3]|III|II|I)(?:\s*(?:/|of|out\s+of)\s*(?:3|III))?(?![A-Za-z0-9+])"),
            (m, _) => [Value(MeasurementNames.HistologicGrade, Roman(m.Groups["g"].Value), null, F(Roman(m.Groups["g"].Value)))]),
        new(null, R(@"(?<![A-Za-z0-9])G(?<g>[1-3])(?![A-Za-z0-9])", ignoreCase: false),
            (m, _) => [Value(MeasurementNames.HistologicGrade, D(m.Groups["g"].Value), null, m.Groups["g"].Value)]),
        new(["differentiated"], R(@"(?<![A-Za-z])(?<d>well|moderately|poorly)[\s\-]+differentiated"),
            (m, _) =>
            {
                var g = m.Groups["d"].Value.ToLowerInvariant() switch { "well" => 1, "moderately" => 2, _ => 3 };
                return [Value(MeasurementNames.HistologicGrade, g, null, F(g))];
            }),
        // Hormone receptors: "ER positive (95%)", "ER: 95%", "PR negative", "ER/PR positive", "estrogen receptor: positive, 80%".
        new(["ER", "PR", "PgR", "receptor"], R(@"(?<![A-Za-z])(?<r>ER|PR|PgR|(?:o)?estrogen\s+receptors?|progesterone\s+receptors?)(?:\s*\((?:ER|PR|PgR)\))?(?:\s*/\s*(?<r2>PR|PgR))?(?:\s+status)?\s*(?:[:=\-]|is|was)?\s*(?:(?<s>positive|negative|pos|neg|\+(?!\d)|-(?!\d))(?:\s*[,(]?\s*(?:in\s+)?(?<p>\d{1,3})\s*%(?:\s*of\s+(?:tumou?r\s+)?(?:cells|nuclei))?(?:\s*,\s*(?:strong|moderate|weak|intense)(?:\s+(?:intensity|staining))?)?\s*\)?)?|(?<p>\d{1,3})\s*%(?:\s*(?:of\s+(?:tumou?r\s+)?(?:cells|nuclei)\s*)?(?<s>positive|negative))?)"),
            (m, _) => Receptors(m)),
        // HER2: "HER2 2+ / FISH not amplified", "HER2/neu (IHC): 3+", "HER2 negative (1+)", "HER-2: equivocal".
        new(["her-2", "her2", "her 2"], R(@"(?<![A-Za-z])HER[\s\-]?2(?:/neu)?(?:\s*\(?\s*(?:by\s+)?IHC\s*\)?)?(?:\s+status)?\s*(?:[:=\-]|is|was)?\s*(?:(?<score>[0-3])\s*\+|(?<zero>0)(?![\d.%])|(?<s>positive|negative|equivocal|pos|neg|amplified|not\s+amplified|non[\s\-]?amplified))(?:\s*\(\s*(?:(?:IHC\s*)?(?<score>[0-3])\s*\+|(?<s2>positive|negative|equivocal))\s*\))?(?:[^.\n]{0,40}?(?:FISH|ISH|SISH|CISH|DISH)\s*(?:[:=\-]|was|is|result|ratio\s+\d+(?:\.\d+)?)?\s*(?:\(?\s*(?<fish>not\s+amplified|non[\s\-]?amplified|negative|amplified|positive)))?"),
            (m, _) => One(Her2(m))),
        // Ki-67: "Ki-67 20%", "Ki67 index: 15-20%", "MIB-1 30%".
        new(["ki-67", "ki67", "ki 67", "mib"], R($@"(?<![A-Za-z])(?:Ki[\s\-]?67|MIB[\s\-]?1)(?:\s+(?:proliferation\s+)?(?:index|labell?ing\s+index|expression))?{Sep}(?<lo>\d{{1,3}}(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?<hi>\d{{1,3}}))?\s*%"),
            (m, _) =>
            {
                var lo = D(m.Groups["lo"].Value);
                double? hi = m.Groups["hi"].Success ? D(m.Groups["hi"].Value) : null;
                if (lo > 100 || hi > 100) return [];
                return [Value(MeasurementNames.Ki67, hi is { } h ? (lo + h) / 2 : lo, "%", hi is { } h2 ? $"{F(lo)}-{F(h2)}%" : $"{F(lo)}%")];
            }),
        // BI-RADS: "BI-RADS 4C", "BIRADS category 5", "BI-RADS: 2".
        new(["rads"], R(@"(?<![A-Za-z])BI[\s\-]?RADS(?:®)?(?:\s*(?:category|assessment|score|cat\.?))?\s*[:=\-]?\s*(?:category\s*)?(?<c>[0-6])(?<s>[ABCabc])?(?![0-9A-Za-z])"),
            (m, _) => [Value(MeasurementNames.BiRads, D(m.Groups["c"].Value), null, m.Groups["c"].Value + m.Groups["s"].Value.ToUpperInvariant())]),
        // Gleason: "Gleason 3 + 4 = 7", "Gleason score 7 (3+4)", "Gleason score: 8".
        new(["gleason"], R(@"(?<![A-Za-z])Gleason(?:\s+(?:score|grade|sum|pattern))?\s*[:=]?\s*(?:(?<a>[1-5])\s*\+\s*(?<b>[1-5])(?:\s*=\s*(?<s>\d{1,2}))?|(?<s>[2-9]|10)(?:\s*\(\s*(?<a>[1-5])\s*\+\s*(?<b>[1-5])\s*\))?)(?![\d.])"),
            (m, _) =>
            {
                var hasParts = m.Groups["a"].Success;
                var sum = hasParts ? int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture) : int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
                if (m.Groups["s"].Success && hasParts && int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) != sum) return [];
                return [Value(MeasurementNames.Gleason, sum, null, hasParts ? $"{m.Groups["a"].Value}+{m.Groups["b"].Value}={sum}" : $"{sum}")];
            }),
        // ISUP grade group: "grade group 2", "GG 3", "ISUP grade 4".
        new(["group", "GG", "ISUP"], R(@"(?<![A-Za-z])(?:(?:ISUP|WHO)\s+)?(?:grade\s+group|(?-i:GG)|ISUP\s+grade)\s*[:=]?\s*(?<g>[1-5]|IV|V|III|II|I)(?![A-Za-z0-9])"),
            (m, _) => [Value(MeasurementNames.GradeGroup, Roman(m.Groups["g"].Value), null, F(Roman(m.Groups["g"].Value)))]),
        // Laboratory values.
        new(["psa", "prostate"], R($@"(?<![A-Za-z])(?:PSA|prostate[\s\-]specific\s+antigen)(?!\s+density)(?:\s+(?:total|serum))?{Sep}(?<v>{Num})\s*(?<u>ng/m[lL]|µg/L|μg/L|ug/L)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                return v > 10000 ? [] : [Value(MeasurementNames.Psa, v, "ng/mL", $"{F(v)}ng/mL")];
            }),
        new(["a1c", "glyc", "ヘモグロビン"], R($@"(?<![A-Za-z])(?:Hb\s*A1c|HgbA1c|Hgb\s+A1c|A1c|glyc(?:at|osyl)ed\s+ha?emoglobin|ha?emoglobin\s+A1c|ヘモグロビンA1c){Sep}(?<v>\d{{1,3}}(?:\.\d+)?)\s*(?<u>%|mmol/mol|percent)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                // IFCC (mmol/mol) to NGSP (%): NGSP = 0.09148 × IFCC + 2.152 (the IFCC–NGSP master equation).
                if (m.Groups["u"].Value == "mmol/mol" || (!m.Groups["u"].Success && v > 25)) v = Math.Round(0.09148 * v + 2.152, 1);
                return v is < 3 or > 25 ? [] : [Value(MeasurementNames.HbA1c, v, "%", $"{F(v)}%")];
            }),
        new(["glucose", "sugar", "FBG", "FPG", "FBS", "RBS", "血糖"], R($@"(?<![A-Za-z])(?:(?<site>fasting|random|post[\s\-]?prandial|2[\s\-]?h(?:our)?)\s+)?(?:(?:serum|plasma|blood|capillary)\s+)?(?:glucose|blood\s+sugar|(?<abbr>FBG|FPG|FBS|RBS)|血糖値?|空腹時血糖){Sep}(?<v>{Num})\s*(?<u>mg/dL|mg/dl|mg%|mmol/L|mmol/l)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                var mmol = m.Groups["u"].Value.StartsWith("mmol", StringComparison.OrdinalIgnoreCase) || (!m.Groups["u"].Success && v < 35);
                if (mmol) v = Math.Round(v * 18.016);
                var abbr = m.Groups["abbr"].Value.ToUpperInvariant();
                var siteText = m.Groups["site"].Success ? m.Groups["site"].Value.ToLowerInvariant() : abbr is "FBG" or "FPG" or "FBS" ? "fasting" : abbr == "RBS" ? "random" : null;
                string? site = siteText switch { null => null, "fasting" or "random" => siteText, _ when siteText.StartsWith("post", StringComparison.Ordinal) => "postprandial", _ => "2h" };
                return v is < 10 or > 2000 ? [] : [Value(MeasurementNames.Glucose, v, "mg/dL", $"{F(v)}mg/dL", site)];
            }),
        new(["GFR", "glomerular"], R($@"(?<![A-Za-z])(?:eGFR|(?-i:GFR)|estimated\s+GFR|estimated\s+glomerular\s+filtration\s+rate){Sep}(?<cmp>[<>]\s*)?(?<v>\d{{1,3}}(?:\.\d+)?)\s*(?<u>m[lL]\s*/\s*min(?:\s*/\s*1\.73\s*m(?:2|²|\^2))?)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                var cmp = m.Groups["cmp"].Value.Trim();
                return v is < 1 or > 200 ? [] : [Value(MeasurementNames.Egfr, v, "mL/min/1.73m2", $"{cmp}{F(v)}mL/min/1.73m2")];
            }),
        new(["ACR", "albumin", "アルブミン"], R($@"(?<![A-Za-z])(?:u?ACR|(?:urine\s+|urinary\s+)?(?:micro)?albumin[\s/\-:]*(?:to[\s\-]*)?creatinine\s+ratio|(?:urine\s+)?microalbumin\s*/\s*creatinine|尿中アルブミン/クレアチニン比|尿アルブミン){Sep}(?<v>{Num})\s*(?<u>mg/g(?:\s*Cr)?|mg/mmol|µg/mg|μg/mg|ug/mg|mcg/mg)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (m.Groups["u"].Value == "mg/mmol") v = Math.Round(v * 8.84, 1);
                return v > 50000 ? [] : [Value(MeasurementNames.Uacr, v, "mg/g", $"{F(v)}mg/g")];
            }),
        new(["creatinine"], R($@"(?<![A-Za-z/])(?:serum\s+)?creatinine(?!\s+(?:ratio|clearance|kinase)){Sep}(?<v>{Num})\s*(?<u>mg/dL|mg/dl|µmol/L|μmol/L|umol/L)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (m.Groups["u"].Value.Contains("mol", StringComparison.OrdinalIgnoreCase) || (!m.Groups["u"].Success && v > 20)) v = Math.Round(v / 88.4, 2);
                return v is <= 0 or > 30 ? [] : [Value(MeasurementNames.Creatinine, v, "mg/dL", $"{F(v)}mg/dL")];
            }),
        new(["LDL"], R($@"(?<![A-Za-z])LDL(?:[\s\-]?C\b|\s+cholesterol)?{Sep}(?<v>{Num})\s*(?<u>mg/dL|mg/dl|mmol/L|mmol/l)?(?![\d/])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                if (m.Groups["u"].Value.StartsWith("mmol", StringComparison.OrdinalIgnoreCase) || (!m.Groups["u"].Success && v < 15)) v = Math.Round(v * 38.67);
                return v is < 10 or > 1000 ? [] : [Value(MeasurementNames.Ldl, v, "mg/dL", $"{F(v)}mg/dL")];
            }),
        // MRI lesion counts: "12 T2 hyperintense lesions", "3 gadolinium-enhancing lesions", "two new FLAIR hyperintensities".
        new(["hyperintens", "demyelinat", "lesion", "plaque", "bright", "high signal"], R($@"(?<![A-Za-z\d.])(?<n>\d{{1,3}}|{NumberWords})\s+(?:(?:new|additional|small|punctate|ovoid|periventricular|juxtacortical|infratentorial|cortical|subcortical|deep|supratentorial|white\s+matter|discrete|scattered|non[\s\-]?enhancing|spinal\s+cord|cervical\s+cord)\s+)*(?:(?:T2(?:[\s\-/]*(?:weighted|FLAIR|W))?|FLAIR)[\s\-]+(?:hyper[\s\-]?intense|bright|high[\s\-]signal)(?:\s+(?:white\s+matter\s+)?(?:lesions?|foci|areas|spots))?|(?:T2|FLAIR)[\s\-]+hyper[\s\-]?intensities|demyelinating\s+(?:lesions?|plaques?)|(?:MS|white\s+matter)\s+(?:lesions?|plaques?))"),
            (m, _) => One(Count(MeasurementNames.T2Lesions, m.Groups["n"].Value))),
        new(["enhanc", "avid"], R($@"(?<![A-Za-z\d.])(?<n>\d{{1,3}}|{NumberWords})\s+(?:(?:new|additional|small|punctate|ring|nodular|periventricular|juxtacortical|active)\s+)*(?:gadolinium|Gd|contrast)[\s\-]*(?:\+\s*)?(?:enhancing|enhanced|avid)\s+(?:(?:T1\s+)?(?:lesions?|foci|plaques?))"),
            (m, _) => One(Count(MeasurementNames.EnhancingLesions, m.Groups["n"].Value))),
        // Visual acuity, to logMAR: "VA 20/40 OD", "BCVA: 6/12", "logMAR 0.3", "視力 0.5", "RV=0.1(0.5×S-2.0D)".
        new(["/"], R($@"(?<![A-Za-z])(?:(?:B?C?VA|UCVA|BCVA|visual\s+acuity|vision|acuity|Snellen)\b[^.;\n\d]{{0,20}}?)(?:(?<eye>{Eyes})\s*[:=]?\s*)?(?<num>20|6)\s*/\s*(?<den>\d{{1,3}}(?:\.\d)?)(?![\d/])(?:\s*(?<eye2>{Eyes})(?![A-Za-z]))?"),
            (m, t) => One(Snellen(m, t))),
        new(["/"], R($@"(?<![A-Za-z])(?<eye>{Eyes})\s*[:=]?\s*(?<num>20|6)\s*/\s*(?<den>\d{{1,3}}(?:\.\d)?)(?![\d/])"),
            (m, t) => One(Snellen(m, t))),
        new(["mar"], R($@"(?<![A-Za-z])(?:(?<eye>{Eyes})\s*[:=]?\s*)?log\s*MAR\s*(?:VA|visual\s+acuity)?\s*(?:(?<eye2>{Eyes})\s*)?[:=]?\s*(?<v>[-+−]?\d(?:\.\d{{1,2}})?)(?![\d/])"),
            (m, t) =>
            {
                var v = D(m.Groups["v"].Value.Replace('−', '-'));
                return v is < -0.3 or > 3 ? [] : [Value(MeasurementNames.VisualAcuity, v, "logMAR", L(v), EyeOf(m, t))];
            }),
        new(["VA", "acuity", "vision", "視力"], R($@"(?<![A-Za-z])(?:(?:decimal\s+)?(?:B?C?VA|visual\s+acuity)\s*(?:\(\s*decimal\s*\))?|裸眼視力|矯正視力|視力)\s*(?:\(\s*(?<eye>{Eyes})\s*\)\s*)?[:=]?\s*(?:(?<eye2>{Eyes})\s*[:=]?\s*)?(?<v>[0-2]\.\d{{1,2}})(?![\d/])(?:\s*\(\s*(?<c>[0-2]\.\d{{1,2}})[^)]{{0,20}}\))?"),
            (m, t) => One(DecimalAcuity(m, t))),
        new(["="], R(@"(?<![A-Za-z])(?<eye>RV|LV|VD|VS)\s*=\s*(?<v>[0-2]\.\d{1,2})(?:\s*\(\s*(?<c>[0-2]\.\d{1,2})[^)]{0,20}\))?", ignoreCase: false),
            (m, t) => One(DecimalAcuity(m, t))),
        // Central subfield thickness (µm): "CST 420 µm OD", "central macular thickness of 385 microns".
        new(["thickness", "CST", "CMT", "CRT", "CSFT", "CSMT", "網膜厚"], R($@"(?<![A-Za-z])(?:(?<eye>{Eyes})\s*[:=]?\s*)?(?:central\s+(?:subfield|macular|retinal|foveal)(?:\s+(?:retinal|macular))?\s+thickness|(?-i:CST|CMT|CRT|CSFT|CSMT)|(?:central\s+)?(?:retinal|macular|foveal)\s+thickness|中心窩網膜厚|中心網膜厚){Sep}(?:(?<eye2>{Eyes})\s*[:=]?\s*)?(?<v>\d{{2,4}})\s*(?:µm|μm|um|microns?|micrometers?|micrometres?)(?:\s*(?<eye3>{Eyes})(?![A-Za-z]))?"),
            (m, t) =>
            {
                var v = D(m.Groups["v"].Value);
                return v is < 100 or > 1500 ? [] : [Value(MeasurementNames.CentralSubfieldThickness, v, "µm", $"{F(v)}um", EyeOf(m, t))];
            }),
        // Intraocular pressure (mmHg): "IOP 24 mmHg OD", "IOP 24/22 mmHg", "intraocular pressure of 42 mm Hg in the right eye", "眼圧 18mmHg".
        new(["IOP", "intraocular", "intra-ocular", "intra ocular", "applanation", "眼圧"], R($@"(?<![A-Za-z])(?:(?<eye>{Eyes})\s*[:=]?\s*)?(?:IOP|intra[\s\-]?ocular\s+pressures?|(?:Goldmann\s+)?applanation(?:\s+tonometry)?|眼圧){Sep}(?:(?<eye2>{Eyes})\s*[:=]?\s*)?(?<v>\d{{1,2}})(?:\s*/\s*(?<v2>\d{{1,2}}))?\s*(?:mm\s*Hg)?(?![\d/])(?:\s*(?:(?<eye3>OD|OS|OU|RE|LE)(?![A-Za-z])|(?:in\s+the\s+)?(?<eye3>right|left)\s+eye|in\s+(?<eye3>both)\s+eyes|\(\s*(?<eye3>OD|OS)\s*/\s*(?:OD|OS)\s*\)|(?<pair>OD\s*/\s*OS)))?"),
            (m, t) => Iop(m, t)),
        // Kellgren-Lawrence grade: "Kellgren-Lawrence grade 3", "KL grade III", "K-L 4".
        new(["kellgren", "KL", "K-L", "K/L"], R(@"(?<![A-Za-z])(?:Kellgren[\s\-–]*(?:and\s+|&\s*)?Lawrence|(?-i:KL|K-L|K/L))(?:\s+(?:grade|classification|score|stage))?\s*[:=]?\s*(?:grade\s*)?(?<g>[0-4]|IV|III|II|I)(?![A-Za-z0-9])"),
            (m, _) => [Value(MeasurementNames.KellgrenLawrence, Roman(m.Groups["g"].Value), null, F(Roman(m.Groups["g"].Value)))]),
        // Alignment (degrees): "8° varus", "valgus alignment of 12 degrees", "varus deformity 10°".
        new(["varus", "valgus"], R($@"(?<![\d.])(?<v>\d{{1,2}}(?:\.\d)?){Deg}\s*(?:of\s+)?(?<k>varus|valgus)"),
            (m, _) => One(Alignment(m))),
        new(["varus", "valgus"], R($@"(?<![A-Za-z])(?<k>varus|valgus)(?:\s+(?:alignment|deformity|angulation|malalignment|angle|knee))*\s*(?:of|is|measuring|measures)?\s*[:=]?\s*(?<v>\d{{1,2}}(?:\.\d)?){Deg}"),
            (m, _) => One(Alignment(m))),
        // Cobb angle (degrees): "Cobb angle 45°", "Cobb angle of the thoracic curve: 52 degrees", "45° right thoracic curve".
        new(["cobb"], R($@"(?<![A-Za-z])Cobb(?:\s+angle)?(?:\s+of(?:\s+the)?\s+(?:(?:right|left|main|proximal)\s+)*(?<region>thoracic|thoracolumbar|lumbar)(?:\s+curve)?)?\s*(?:is|of|measures|measuring|measured)?\s*[:=]?\s*(?<v>\d{{1,3}}(?:\.\d)?)(?:{Deg})?(?:\s+(?:(?:right|left|dextro|levo|convex|main)\s+)*(?<region2>thoracic|thoracolumbar|lumbar))?"),
            (m, _) => One(Cobb(m))),
        new(["curve", "scoliosis"], R($@"(?<![\d.])(?<v>\d{{1,3}}){Deg}\s+(?:(?:right|left|dextro|levo|convex|main|proximal)\s+)*(?:(?<region>thoracic|thoracolumbar|lumbar)\s+)?(?:curve|scoliosis|scoliotic\s+curve)"),
            (m, _) => One(Cobb(m))),
        // Range of motion (degrees): "flexion 0–110°", "ROM 0-120 degrees", "extension lacks 10°" is not an arc and is left out.
        new(["flexion", "extension", "abduction", "adduction", "rotation", "ROM", "range of motion", "elevation"], R($@"(?<![A-Za-z])(?:(?:range\s+of\s+motion|ROM)\s*(?:\(\s*(?<motion>{Motions})\s*\)|[:=]?\s*(?<motion>{Motions})?)|(?<motion>{Motions}))(?:\s+(?:of|from|is|was|range|arc))*\s*[:=]?\s*(?<a>-?\d{{1,3}})(?:{Deg})?\s*(?:-|–|—|to)\s*(?<b>\d{{1,3}}){Deg}"),
            (m, _) => One(RangeOfMotion(m, true))),
        new(["flexion", "extension", "abduction", "adduction", "rotation", "elevation"], R($@"(?<![A-Za-z])(?<motion>{Motions})(?:\s+(?:of|to|is|was|limited\s+to|up\s+to))*\s*[:=]?\s*(?<b>\d{{1,3}}){Deg}"),
            (m, _) => One(RangeOfMotion(m, false))),
        // Scores.
        new(["womac"], R(@"(?<![A-Za-z])WOMAC(?:\s+(?:total|index|score|osteoarthritis\s+index))*\s*(?:score)?\s*(?:of|is|was)?\s*[:=]?\s*(?<v>\d{1,3}(?:\.\d+)?)(?:\s*/\s*(?<max>\d{2,3}))?(?![\d.])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                var max = m.Groups["max"].Success ? $"/{m.Groups["max"].Value}" : "";
                return v > 100 && max == "" ? [] : [Value(MeasurementNames.Womac, v, null, $"{F(v)}{max}")];
            }),
        new(["ODI", "oswestry"], R(@"(?<![A-Za-z])(?:(?-i:ODI)|Oswestry(?:\s+disability\s+index)?)(?:\s+score)?\s*(?:of|is|was)?\s*[:=]?\s*(?<v>\d{1,3})\s*%?(?![\d.])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                return v > 100 ? [] : [Value(MeasurementNames.Odi, v, "%", $"{F(v)}%")];
            }),
        new(["nihss"], R(@"(?<![A-Za-z])NIHSS(?:\s+score)?\s*(?:of|was|is)?\s*[:=]?\s*(?<v>\d{1,2})(?![\d.])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                return v > 42 ? [] : [Value(MeasurementNames.Nihss, v, null, F(v))];
            }),
        new(["edss"], R(@"(?<![A-Za-z])EDSS(?:\s+score)?\s*(?:of|was|is)?\s*[:=]?\s*(?<v>\d{1,2}(?:\.[05])?)(?![\d.])"),
            (m, _) =>
            {
                var v = D(m.Groups["v"].Value);
                return v > 10 ? [] : [Value(MeasurementNames.Edss, v, null, F(v))];
            }),
    ];

    private const string Vessels = @"left\s+main(?:\s+(?:coronary\s+)?(?:artery|stem|trunk))?|LMCA|LMS|(?-i:LM)|left\s+anterior\s+descending(?:\s+(?:coronary\s+)?artery)?|(?-i:[pmd]?LAD)|(?:left\s+)?circumflex(?:\s+(?:coronary\s+)?artery)?|(?-i:LCx|LCX|LCA|Cx)|right\s+coronary(?:\s+artery)?|(?-i:[pmd]?RCA)|first\s+diagonal|(?-i:D1|D2)|(?:first\s+)?obtuse\s+marginal|(?-i:OM1|OM2|OM)|posterior\s+descending(?:\s+artery)?|(?-i:PDA)|(?:(?:left|right)\s+)?internal\s+carotid(?:\s+artery)?|(?-i:[LR]?ICA)|(?:(?:left|right)\s+)?common\s+carotid(?:\s+artery)?|(?-i:CCA)";

    private const string Eyes = @"OD|OS|OU|RE|LE|R|L|right\s+eye|left\s+eye|both\s+eyes|右眼?|左眼?|両眼";

    private const string Motions = @"flexion|extension|abduction|adduction|internal\s+rotation|external\s+rotation|dorsiflexion|plantar\s*flexion|forward\s+flexion|elevation";

    private const string NumberWords = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|numerous";

    private static double Roman(string g) => g.ToUpperInvariant() switch
    {
        "I" => 1, "II" => 2, "III" => 3, "IV" => 4, "V" => 5, _ => double.Parse(g, CultureInfo.InvariantCulture),
    };

    private static MeasuredValue? Stenosis(Match m, double? fixedPercent = null)
    {
        var p = fixedPercent ?? D(m.Groups["p"].Value);
        double? p2 = m.Groups["p2"].Success ? D(m.Groups["p2"].Value) : null;
        if (p > 100 || p2 > 100 || p2 < p) return null;
        var vessel = VesselOf(m.Groups["vessel"].Value);
        var value = p2 ?? p;
        return Value(MeasurementNames.Stenosis, value, "%", p2 is null ? $"{F(p)}%" : $"{F(p)}-{F(p2.Value)}%", vessel);
    }

    /// <summary>The vessel's conventional abbreviation.</summary>
    private static string VesselOf(string printed)
    {
        var v = Regex.Replace(printed.ToLowerInvariant(), @"\s+", " ");
        if (v.StartsWith("left main", StringComparison.Ordinal) || v is "lm" or "lmca" or "lms") return "LM";
        if (v.Contains("anterior descending", StringComparison.Ordinal) || v.EndsWith("lad", StringComparison.Ordinal)) return "LAD";
        if (v.Contains("circumflex", StringComparison.Ordinal) || v is "lcx" or "cx" or "lca") return "LCx";
        if (v.StartsWith("right coronary", StringComparison.Ordinal) || v.EndsWith("rca", StringComparison.Ordinal)) return "RCA";
        if (v.Contains("diagonal", StringComparison.Ordinal) || v is "d1") return "D1";
        if (v is "d2") return "D2";
        if (v.Contains("marginal", StringComparison.Ordinal) || v.StartsWith("om", StringComparison.Ordinal)) return v == "om2" ? "OM2" : "OM1";
        if (v.Contains("posterior descending", StringComparison.Ordinal) || v == "pda") return "PDA";
        if (v.Contains("internal carotid", StringComparison.Ordinal) || v.EndsWith("ica", StringComparison.Ordinal)) return "ICA";
        return "CCA";
    }

    private static MeasuredValue? TumorSize(Match m)
    {
        // A size only counts next to a tumour word, so "5 mm slices" is not a tumour.
        if (!m.Groups["pre"].Success && !m.Groups["post"].Success) return null;
        var unit = m.Groups["u"].Value.ToLowerInvariant();
        double ToCm(Group g, Group u) => D(g.Value) / ((u.Success ? u.Value.ToLowerInvariant() : unit) == "mm" ? 10 : 1);
        var dims = new List<double> { ToCm(m.Groups["a"], m.Groups["ua"]) };
        if (m.Groups["b"].Success) dims.Add(ToCm(m.Groups["b"], m.Groups["ub"]));
        if (m.Groups["c"].Success) dims.Add(D(m.Groups["c"].Value) / (unit == "mm" ? 10 : 1));
        if (dims.Any(d => d is <= 0 or > 40)) return null;
        return Value(MeasurementNames.TumorSize, dims.Max(), "cm", string.Join('x', dims.Select(F)) + "cm");
    }

    private static IEnumerable<MeasuredValue> Receptors(Match m)
    {
        var status = m.Groups["s"].Success ? m.Groups["s"].Value.ToLowerInvariant() : null;
        double? percent = m.Groups["p"].Success ? D(m.Groups["p"].Value) : null;
        if (percent > 100) yield break;
        // ASCO/CAP 2020: 1% or more of tumour nuclei staining makes ER/PR positive.
        var positive = status is "positive" or "pos" or "+" || (status is null && percent >= 1);
        var word = positive ? "positive" : "negative";
        var normalized = percent is { } p ? $"{word}({F(p)}%)" : word;
        foreach (var receptor in new[] { m.Groups["r"].Value, m.Groups["r2"].Value }.Where(r => r.Length > 0))
        {
            var name = receptor.StartsWith("E", StringComparison.OrdinalIgnoreCase) || receptor.StartsWith("oe", StringComparison.OrdinalIgnoreCase) ? MeasurementNames.EstrogenReceptor : MeasurementNames.ProgesteroneReceptor;
            yield return Value(name, percent, percent is null ? null : "%", normalized);
        }
    }

    private static MeasuredValue? Her2(Match m)
    {
        int? score = m.Groups["score"].Success ? int.Parse(m.Groups["score"].Value, CultureInfo.InvariantCulture) : m.Groups["zero"].Success ? 0 : null;
        var word = (m.Groups["s"].Success ? m.Groups["s"].Value : m.Groups["s2"].Value).ToLowerInvariant();
        var fish = m.Groups["fish"].Success ? m.Groups["fish"].Value.ToLowerInvariant() : null;
        bool? amplified = fish is null ? null : fish is "amplified" or "positive";
        if (word.StartsWith("not", StringComparison.Ordinal) || word.StartsWith("non", StringComparison.Ordinal)) amplified ??= false;
        else if (word == "amplified") amplified ??= true;
        // ASCO/CAP 2018: IHC 3+ positive, 0–1+ negative, 2+ equivocal until in situ hybridisation decides.
        var status = amplified switch
        {
            true => "positive",
            false => "negative",
            null => score switch
            {
                3 => "positive",
                2 => "equivocal",
                0 or 1 => "negative",
                _ => word switch { "pos" => "positive", "neg" => "negative", _ => word },
            },
        };
        var details = new List<string>();
        if (score is { } s) details.Add($"IHC {s}+");
        if (fish is not null) details.Add(amplified == true ? "FISH amplified" : "FISH not amplified");
        return Value(MeasurementNames.Her2, score, null, details.Count == 0 ? status : $"{status}({string.Join(", ", details)})");
    }

    private static MeasuredValue? Count(string name, string n)
    {
        var words = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
            ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
        };
        // "numerous" has no number: the normalized form says so.
        if (n.Equals("numerous", StringComparison.OrdinalIgnoreCase)) return Value(name, null, null, "numerous");
        var count = words.TryGetValue(n, out var w) ? w : int.Parse(n, CultureInfo.InvariantCulture);
        return count > 500 ? null : Value(name, count, null, count.ToString(CultureInfo.InvariantCulture));
    }

    private static string? EyeOf(Match m, string text)
    {
        foreach (var g in new[] { "eye", "eye2", "eye3" })
            if (m.Groups[g].Success) return Eye(m.Groups[g].Value);
        // An eye named just before the value ("OD: ... 20/40"): within the few characters before the match, on the same line.
        var from = Math.Max(0, m.Index - 12);
        var before = text[from..m.Index];
        var line = before.LastIndexOf('\n');
        if (line >= 0) before = before[(line + 1)..];
        var eye = EyeBefore().Match(before);
        return eye.Success ? Eye(eye.Groups["eye"].Value) : null;
    }

    [GeneratedRegex(@"(?<![A-Za-z])(?<eye>OD|OS|OU|RE|LE|right eye|left eye|右眼?|左眼?)\b[^A-Za-z]*$")]
    private static partial Regex EyeBefore();

    private static string Eye(string printed) => Regex.Replace(printed.ToUpperInvariant(), @"\s+", " ") switch
    {
        "OD" or "RE" or "R" or "RIGHT EYE" or "RIGHT" or "RV" or "VD" or "右" or "右眼" => "OD",
        "OS" or "LE" or "L" or "LEFT EYE" or "LEFT" or "LV" or "VS" or "左" or "左眼" => "OS",
        _ => "OU",
    };

    private static MeasuredValue? Snellen(Match m, string text)
    {
        var num = D(m.Groups["num"].Value);
        var den = D(m.Groups["den"].Value);
        if (den <= 0 || den > 800) return null;
        // logMAR is the log of the minimum angle of resolution: log10(denominator / numerator).
        var logMar = Math.Round(Math.Log10(den / num), 2);
        return Value(MeasurementNames.VisualAcuity, logMar, "logMAR", L(logMar), EyeOf(m, text));
    }

    private static MeasuredValue? DecimalAcuity(Match m, string text)
    {
        // Japanese records print the uncorrected decimal acuity and the corrected one in brackets: the corrected one is the acuity.
        var v = D(m.Groups["c"].Success ? m.Groups["c"].Value : m.Groups["v"].Value);
        if (v is <= 0 or > 2.5) return null;
        var logMar = Math.Round(-Math.Log10(v), 2);
        if (logMar == 0) logMar = 0;
        return Value(MeasurementNames.VisualAcuity, logMar, "logMAR", L(logMar), EyeOf(m, text));
    }

    private static IEnumerable<MeasuredValue> Iop(Match m, string text)
    {
        var v = D(m.Groups["v"].Value);
        if (v is < 3 or > 80) yield break;
        if (m.Groups["v2"].Success)
        {
            // "IOP 24/22" is right eye / left eye by convention.
            var v2 = D(m.Groups["v2"].Value);
            if (v2 is < 3 or > 80) yield break;
            yield return Value(MeasurementNames.Iop, v, "mmHg", $"{F(v)}mmHg", "OD");
            yield return Value(MeasurementNames.Iop, v2, "mmHg", $"{F(v2)}mmHg", "OS");
            yield break;
        }
        yield return Value(MeasurementNames.Iop, v, "mmHg", $"{F(v)}mmHg", EyeOf(m, text));
    }

    private static MeasuredValue? Alignment(Match m)
    {
        var v = D(m.Groups["v"].Value);
        var name = m.Groups["k"].Value.ToLowerInvariant() == "varus" ? MeasurementNames.Varus : MeasurementNames.Valgus;
        return v > 45 ? null : Value(name, v, "deg", $"{F(v)}deg");
    }

    private static MeasuredValue? Cobb(Match m)
    {
        var v = D(m.Groups["v"].Value);
        var region = m.Groups["region"].Success ? m.Groups["region"].Value : m.Groups["region2"].Success ? m.Groups["region2"].Value : null;
        return v is < 1 or > 150 ? null : Value(MeasurementNames.CobbAngle, v, "deg", $"{F(v)}deg", region?.ToLowerInvariant());
    }

    private static MeasuredValue? RangeOfMotion(Match m, bool arc)
    {
        var b = D(m.Groups["b"].Value);
        var motion = m.Groups["motion"].Success ? Regex.Replace(m.Groups["motion"].Value.ToLowerInvariant(), @"\s+", " ").Replace("plantarflexion", "plantar flexion", StringComparison.Ordinal) : null;
        if (b > 200) return null;
        if (!arc) return Value(MeasurementNames.RangeOfMotion, b, "deg", $"{F(b)}deg", motion);
        var a = D(m.Groups["a"].Value);
        return a > b ? null : Value(MeasurementNames.RangeOfMotion, b, "deg", $"{F(a)}-{F(b)}deg", motion);
    }
}
