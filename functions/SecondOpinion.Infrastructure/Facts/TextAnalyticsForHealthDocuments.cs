using SecondOpinion.Core.Records;

namespace SecondOpinion.Infrastructure.Facts;

/// <summary>
/// One document sent to the service: a page, or a piece of a page too long for one document.
/// <see cref="Start"/> is where the piece begins in its page's text, so an entity's offset plus
/// <see cref="Start"/> is its place on the page.
/// </summary>
public sealed record HealthcareDocumentInput(string Id, int Page, int Start, string Text, string Language);

/// <summary>
/// Splits a record's pages into documents and requests within the service's limits. One page is
/// one document (so page numbers and page-local offsets come for free); a page longer than the
/// per-document limit is cut at whitespace into pieces. Documents are then packed into requests of
/// at most the per-request count and characters. Lengths are counted in UTF-16 code units, which
/// is never fewer than the text elements the service counts: within the limit here is within it there.
/// </summary>
public static class TextAnalyticsForHealthDocuments
{
    // The hosted service's languages ("Language support for Text Analytics for health": Hebrew is
    // read by the container only), by their ISO 639-1 code and the three-letter codes OCR engines report.
    private static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en", ["eng"] = "en", ["es"] = "es", ["spa"] = "es", ["fr"] = "fr", ["fra"] = "fr", ["fre"] = "fr",
        ["de"] = "de", ["deu"] = "de", ["ger"] = "de", ["it"] = "it", ["ita"] = "it", ["pt"] = "pt", ["por"] = "pt",
    };

    /// <summary>The service's code for a page's language; null when the service does not read that language.</summary>
    public static string? LanguageOf(PageText page, string fallback) =>
        string.IsNullOrWhiteSpace(page.Language) ? fallback : Languages.GetValueOrDefault(page.Language.Trim());

    /// <summary>The requests to send, each a list of documents. Blank pages and pages in a language the service does not read are left out.</summary>
    public static IReadOnlyList<IReadOnlyList<HealthcareDocumentInput>> Plan(IReadOnlyList<PageText> pages, TextAnalyticsForHealthOptions options)
    {
        var requests = new List<IReadOnlyList<HealthcareDocumentInput>>();
        var current = new List<HealthcareDocumentInput>();
        var characters = 0;
        foreach (var document in pages.SelectMany(page => Pieces(page, options)))
        {
            if (current.Count > 0 && (current.Count == options.MaxDocumentsPerRequest || characters + document.Text.Length > options.MaxRequestCharacters))
            {
                requests.Add(current);
                current = [];
                characters = 0;
            }
            current.Add(document);
            characters += document.Text.Length;
        }
        if (current.Count > 0) requests.Add(current);
        return requests;
    }

    private static IEnumerable<HealthcareDocumentInput> Pieces(PageText page, TextAnalyticsForHealthOptions options)
    {
        if (string.IsNullOrWhiteSpace(page.Text) || LanguageOf(page, options.Language) is not { } language) yield break;
        var text = page.Text;
        var limit = options.MaxDocumentCharacters;
        if (text.Length <= limit)
        {
            yield return new HealthcareDocumentInput($"{page.Number}", page.Number, 0, text, language);
            yield break;
        }
        var start = 0;
        var piece = 0;
        while (start < text.Length)
        {
            var end = Math.Min(text.Length, start + limit);
            if (end < text.Length) end = CutPoint(text, start, end);
            var part = text[start..end];
            if (!string.IsNullOrWhiteSpace(part))
                yield return new HealthcareDocumentInput($"{page.Number}.{++piece}", page.Number, start, part, language);
            start = end;
        }
    }

    /// <summary>The last whitespace in the second half of the window, else the window's end (never inside a surrogate pair).</summary>
    private static int CutPoint(string text, int start, int end)
    {
        for (var i = end; i > start + (end - start) / 2; i--)
            if (char.IsWhiteSpace(text[i - 1])) return i;
        return char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
    }
}
