using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using SecondOpinion.Portal.Resources;

namespace SecondOpinion.Portal.Tests;

/// <summary>Every text a patient can meet has its Japanese form: the keys the patient pages use are read from their source.</summary>
public sealed partial class LocalizationTests
{
    private static readonly string PortalSource = Path.Combine(RepoRoot(), "portal", "SecondOpinion.Portal");

    /// <summary>The folders whose texts patients see (the staff pages are English-only for now).</summary>
    private static readonly string[] PatientFacing = ["Patient", "Layout", "Shared", "Pages", "App.razor"];

    [GeneratedRegex("""\b[Tt]\["([^"]+)"\]""")]
    private static partial Regex LocalizerKey();

    [Fact]
    public void every_patient_facing_text_has_a_japanese_translation()
    {
        var keys = PatientFacing
            .SelectMany(p => File.Exists(Path.Combine(PortalSource, p)) ? [Path.Combine(PortalSource, p)] : Directory.EnumerateFiles(Path.Combine(PortalSource, p), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => LocalizerKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.True(keys.Count > 80, $"only {keys.Count} keys found: is the source where the test looks ({PortalSource})?");

        var japanese = Japanese();
        var missing = keys.Where(k => japanese.GetString(k) is null).Order().ToList();
        Assert.True(missing.Count == 0, "No Japanese for:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void texts_with_placeholders_keep_them_in_japanese()
    {
        foreach (System.Collections.DictionaryEntry entry in Japanese())
        {
            var key = (string)entry.Key;
            foreach (Match placeholder in Regex.Matches(key, @"\{\d\}"))
                Assert.Contains(placeholder.Value, (string)entry.Value!);
        }
    }

    [Fact]
    public void keyed_texts_have_their_english_words()
    {
        var english = new ResourceManager(typeof(Text)).GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        foreach (var key in new[] { "consent.purpose", "consent.sharing", "consent.retention", "consent.advice" })
            Assert.False(string.IsNullOrWhiteSpace(english.GetString(key)), key);
    }

    private static ResourceSet Japanese() =>
        new ResourceManager(typeof(Text)).GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)
        ?? throw new InvalidOperationException("No Japanese satellite assembly next to the tests.");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SecondOpinion.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SecondOpinion.sln not found above the test binaries.");
    }
}
