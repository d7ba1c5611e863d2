using System.Text.Json;

namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>
/// A Document Intelligence <c>analyzeResult</c> (REST 2024-11-30) as pages: <c>pages[].lines[].content</c>
/// in reading order as the text, the mean of <c>pages[].words[].confidence</c>, <c>pages[].angle</c>
/// (clockwise, −180 to 180) as the nearest quarter turn, and of <c>languages[]</c> the locale whose
/// spans cover most of the page's <c>spans</c>.
/// </summary>
public static class DocumentIntelligenceResult
{
    public static IReadOnlyList<OcrPage> Pages(JsonElement analyzeResult)
    {
        var languages = Languages(analyzeResult);
        if (!analyzeResult.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Array || pages.GetArrayLength() == 0)
        {
            // An older or trimmed answer: only the concatenated content.
            var content = analyzeResult.TryGetProperty("content", out var c) ? c.GetString()?.Trim() ?? "" : "";
            return [content.Length == 0 ? OcrPage.Blank(null) : new OcrPage(content, null)];
        }

        return pages.EnumerateArray()
            .OrderBy(p => p.TryGetProperty("pageNumber", out var n) ? n.GetInt32() : 0)
            .Select(page => Page(page, languages))
            .ToList();
    }

    private static OcrPage Page(JsonElement page, IReadOnlyList<(string Locale, IReadOnlyList<(int Offset, int Length)> Spans)> languages)
    {
        var lines = Array(page, "lines").Select(l => Text(l, "content")).Where(t => t.Length > 0).ToList();
        var confidences = Array(page, "words")
            .Where(w => Text(w, "content").Length > 0 && w.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number)
            .Select(w => Math.Clamp(w.GetProperty("confidence").GetDouble(), 0, 1))
            .ToList();
        var spans = Spans(page);
        var language = languages
            .Select(l => (l.Locale, Overlap: l.Spans.Sum(s => spans.Sum(p => Math.Max(0, Math.Min(s.Offset + s.Length, p.Offset + p.Length) - Math.Max(s.Offset, p.Offset))))))
            .Where(l => l.Overlap > 0)
            .OrderByDescending(l => l.Overlap)
            .Select(l => l.Locale)
            .FirstOrDefault();

        if (lines.Count == 0) return OcrPage.Blank(language);
        var rotation = page.TryGetProperty("angle", out var angle) && angle.ValueKind == JsonValueKind.Number ? OcrFlags.QuarterTurns(angle.GetDouble()) : 0;
        return new OcrPage(string.Join("\n", lines), confidences.Count == 0 ? null : confidences.Average(), rotation, language,
            rotation == 0 ? [] : [OcrFlags.Rotated(rotation)]) { Words = confidences.Count };
    }

    private static IReadOnlyList<(string Locale, IReadOnlyList<(int Offset, int Length)> Spans)> Languages(JsonElement analyzeResult) =>
        Array(analyzeResult, "languages")
            .Select(l => (Locale: Text(l, "locale"), Spans: Spans(l)))
            .Where(l => l.Locale.Length > 0)
            .ToList();

    private static IReadOnlyList<(int Offset, int Length)> Spans(JsonElement element) =>
        Array(element, "spans")
            .Where(s => s.TryGetProperty("offset", out _) && s.TryGetProperty("length", out _))
            .Select(s => (s.GetProperty("offset").GetInt32(), s.GetProperty("length").GetInt32()))
            .ToList();

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() ?? "" : "";
}
