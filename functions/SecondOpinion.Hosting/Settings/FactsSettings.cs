using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Facts;

namespace SecondOpinion.Hosting.Settings;

/// <summary>Section <c>Facts</c>: which engine finds the clinical facts in records.</summary>
public sealed record FactsSettings
{
    public const string Section = "Facts";

    /// <summary><c>lexicon</c> (local, the default) or <c>text-analytics-for-health</c> (Azure AI Language).</summary>
    public string Engine { get; init; } = FactEngines.Lexicon;

    /// <summary>Section <c>Facts:TextAnalyticsForHealth</c>, read when <see cref="Engine"/> names it.</summary>
    public TextAnalyticsForHealthOptions TextAnalyticsForHealth { get; init; } = new();

    public bool UsesTextAnalyticsForHealth => string.Equals(Engine, FactEngines.TextAnalyticsForHealth, StringComparison.OrdinalIgnoreCase);

    public bool UsesLexicon => string.Equals(Engine, FactEngines.Lexicon, StringComparison.OrdinalIgnoreCase);
}
