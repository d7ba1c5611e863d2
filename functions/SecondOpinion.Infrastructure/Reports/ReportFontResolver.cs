using PdfSharp.Fonts;

namespace SecondOpinion.Infrastructure.Reports;

/// <summary>One font file the report draws with, and the characters it has glyphs for.</summary>
public sealed record ReportFontFace(string FaceName, string Source, byte[] Bytes, FontCoverage Coverage);

/// <summary>
/// The faces a report is set in: a Latin face (regular and bold) that is always there, and a CJK
/// face for Japanese names and questions when one is installed.
/// </summary>
public sealed record ReportFontSet(ReportFontFace Regular, ReportFontFace Bold, ReportFontFace? Cjk);

/// <summary>
/// PDFsharp has no access to system fonts on Linux: this resolver serves font files that Debian's
/// <c>fonts-dejavu-core</c> and <c>fonts-droid-fallback</c> install (or that a deployment puts in
/// <c>fonts/</c> next to the app). Without DejaVu it falls back to the Segoe WP faces PDFsharp ships,
/// so rendering never fails for want of a font; without a CJK face Japanese text is drawn as '?'.
/// PDFsharp takes one resolver per process, set before its first font operation: <see cref="Install"/>.
/// </summary>
public sealed class ReportFontResolver : IFontResolver
{
    public const string SansFamily = "SecondOpinion Sans";
    public const string CjkFamily = "SecondOpinion CJK";

    // Not Noto CJK (fonts-noto-cjk): it ships only .ttc collections, and PDFsharp 6.2.4 fails on them with a
    // NullReferenceException (tried; its FontResolverInfo.CollectionNumber is "not yet implemented").
    // Droid Sans Fallback is a plain TTF with the Japanese kana and kanji.
    private static readonly string[] RegularFiles = ["DejaVuSans.ttf"];
    private static readonly string[] BoldFiles = ["DejaVuSans-Bold.ttf"];
    private static readonly string[] CjkFiles = ["DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"];

    private static readonly string[] SearchDirectories =
    [
        Path.Combine(AppContext.BaseDirectory, "fonts"),
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/truetype/droid",
        "/usr/share/fonts-droid-fallback/truetype",
    ];

    private static readonly Lazy<ReportFontResolver> Installed = new(() =>
    {
        var resolver = new ReportFontResolver(Discover(SearchDirectories));
        GlobalFontSettings.FontResolver = resolver;
        return resolver;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, ReportFontFace> byFaceName;

    private ReportFontResolver(ReportFontSet fonts)
    {
        Fonts = fonts;
        byFaceName = new[] { fonts.Regular, fonts.Bold, fonts.Cjk }.OfType<ReportFontFace>()
            .DistinctBy(f => f.FaceName).ToDictionary(f => f.FaceName, StringComparer.Ordinal);
    }

    public ReportFontSet Fonts { get; }

    /// <summary>The process's resolver, found and handed to PDFsharp on first use (thread-safe, once).</summary>
    public static ReportFontResolver Install() => Installed.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (string.Equals(familyName, CjkFamily, StringComparison.OrdinalIgnoreCase) && Fonts.Cjk is { } cjk)
            return new FontResolverInfo(cjk.FaceName, mustSimulateBold: bold, mustSimulateItalic: italic);
        // Every other family (PDFsharp may ask for its defaults) gets the Latin face rather than nothing.
        var face = bold ? Fonts.Bold : Fonts.Regular;
        return new FontResolverInfo(face.FaceName, mustSimulateBold: bold && face == Fonts.Regular, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName) => byFaceName.TryGetValue(faceName, out var face) ? face.Bytes : null;

    internal static ReportFontSet Discover(IReadOnlyList<string> directories)
    {
        var regular = Load("dejavu-sans", RegularFiles, directories)
            ?? Embedded("segoe-wp", PdfSharp.WPFonts.FontDataHelper.SegoeWP);
        var bold = Load("dejavu-sans-bold", BoldFiles, directories)
            ?? (regular.Source == "embedded" ? Embedded("segoe-wp-bold", PdfSharp.WPFonts.FontDataHelper.SegoeWPBold) : regular);
        return new ReportFontSet(regular, bold, Load("droid-sans-fallback", CjkFiles, directories));
    }

    private static ReportFontFace? Load(string faceName, string[] fileNames, IReadOnlyList<string> directories)
    {
        foreach (var directory in directories)
        {
            foreach (var fileName in fileNames)
            {
                var path = Path.Combine(directory, fileName);
                if (!File.Exists(path)) continue;
                try
                {
                    var bytes = File.ReadAllBytes(path);
                    return new ReportFontFace(faceName, path, bytes, FontCoverage.Read(bytes));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentOutOfRangeException)
                {
                    // An unreadable or damaged file: try the next candidate.
                }
            }
        }
        return null;
    }

    private static ReportFontFace Embedded(string faceName, byte[] bytes) => new(faceName, "embedded", bytes, FontCoverage.Read(bytes));
}
