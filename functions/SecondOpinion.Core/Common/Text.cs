namespace SecondOpinion.Core.Common;

public static class TextSearch
{
    /// <summary>
    /// Index of the first whole-word occurrence of <paramref name="term"/> (case-insensitive), or -1.
    /// Every occurrence is checked, so "PSA" is still found after "capsaicin".
    /// </summary>
    public static int FindWholeWord(string text, string term, Func<string, int, bool>? reject = null)
    {
        for (var index = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); index >= 0;
             index = text.IndexOf(term, index + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = index == 0 || !char.IsLetter(text[index - 1]);
            var after = index + term.Length >= text.Length || !char.IsLetter(text[index + term.Length]);
            if (before && after && (reject is null || !reject(text, index))) return index;
        }
        return -1;
    }

    /// <summary>The words around a match (for evidence), whitespace collapsed.</summary>
    public static string PhraseAround(string text, int index, int length, int context)
    {
        var start = Math.Max(0, index - context);
        var end = Math.Min(text.Length, index + length + context);
        return string.Join(' ', text[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when the word at <paramref name="index"/> is negated just before it ("non-metastatic", "no bleeding").</summary>
    public static bool IsNegated(string text, int index)
    {
        var start = Math.Max(0, index - 12);
        var before = text[start..index].ToLowerInvariant();
        return before.EndsWith("non-", StringComparison.Ordinal) || before.EndsWith("non ", StringComparison.Ordinal)
            || before.EndsWith("no ", StringComparison.Ordinal) || before.EndsWith("not ", StringComparison.Ordinal)
            || before.EndsWith("without ", StringComparison.Ordinal) || before.EndsWith("denies ", StringComparison.Ordinal);
    }
}

public static class EnumNames
{
    /// <summary>The member's name as JSON writes it ("StatOrder" → "stat-order").</summary>
    public static string Of<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>
    /// Parses one enum member by name or by its JSON name ("add-reviewer"), case-insensitive. Unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
    /// it refuses numbers and comma-separated lists, which would otherwise combine into another member.
    /// </summary>
    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var name = value.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase) || string.Equals(Of(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                result = candidate;
                return true;
            }
        }
        return false;
    }
}
