using System.Globalization;
using System.Text;

namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>
/// tesseract's TSV output (one row per page, block, paragraph, line and word; a word row carries its
/// confidence 0–100 and its text) turned back into text, line by line, with the mean word confidence.
/// </summary>
public static class TesseractTsv
{
    /// <summary>Below this a "word" is taken for a speck of dirt: a page of only such words is blank.</summary>
    public const double NoiseBelowConfidence = 0.3;

    /// <param name="Sideways">
    /// Most words of three letters or more have boxes taller than wide: tesseract read the lines of a
    /// scan turned by a quarter (it straightens those itself) and the turn is worth detecting.
    /// </param>
    /// <param name="Specks">Word boxes found on a page with no confident word: a few are dirt on a blank page, many are a picture or noise.</param>
    public sealed record Page(int Number, string Text, double? Confidence, int Words, bool Sideways = false, int Specks = 0);

    private const int WordLevel = 5;

    public static IReadOnlyList<Page> Parse(string tsv)
    {
        var words = new List<(int Page, int Block, int Paragraph, int Line, double Confidence, string Text, bool Tall)>();
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || !int.TryParse(cells[0], out var level) || level != WordLevel) continue;
            var text = cells[11].Trim();
            if (text.Length == 0 || !double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) || confidence < 0) continue;
            words.Add((int.Parse(cells[1], CultureInfo.InvariantCulture), int.Parse(cells[2], CultureInfo.InvariantCulture),
                int.Parse(cells[3], CultureInfo.InvariantCulture), int.Parse(cells[4], CultureInfo.InvariantCulture), confidence / 100.0, text,
                int.Parse(cells[9], CultureInfo.InvariantCulture) > int.Parse(cells[8], CultureInfo.InvariantCulture)));
        }

        return words.GroupBy(w => w.Page).OrderBy(g => g.Key).Select(page =>
        {
            if (!page.Any(w => w.Confidence >= NoiseBelowConfidence && w.Text.Any(char.IsLetterOrDigit)))
                return new Page(page.Key, "", null, 0, Specks: page.Count());
            var text = new StringBuilder();
            (int Block, int Paragraph, int Line)? previous = null;
            var lastText = "";
            foreach (var word in page)
            {
                var at = (word.Block, word.Paragraph, word.Line);
                if (previous is { } p)
                {
                    if (p.Block != at.Block || p.Paragraph != at.Paragraph) text.Append("\n\n");
                    else if (p.Line != at.Line) text.Append('\n');
                    else if (!(IsCjk(lastText[^1]) && IsCjk(word.Text[0]))) text.Append(' ');
                }
                text.Append(word.Text);
                previous = at;
                lastText = word.Text;
            }
            var longWords = page.Where(w => w.Text.Length >= 3).ToList();
            var sideways = longWords.Count > 0 && longWords.Count(w => w.Tall) * 2 > longWords.Count;
            return new Page(page.Key, text.ToString(), page.Average(w => w.Confidence), page.Count(), sideways);
        }).ToList();
    }

    /// <summary>Chinese and Japanese are written without spaces: tesseract's word boxes there are not words apart.</summary>
    private static bool IsCjk(char c) =>
        c is >= '\u3000' and <= '\u30FF' // CJK punctuation, hiragana, katakana
            or >= '\u3400' and <= '\u4DBF' // CJK extension A
            or >= '\u4E00' and <= '\u9FFF' // CJK unified ideographs
            or >= '\uF900' and <= '\uFAFF' // compatibility ideographs
            or >= '\uFF00' and <= '\uFFEF'; // full-width forms
}
