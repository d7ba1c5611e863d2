using System.Text;

namespace SecondOpinion.Portal.Specialist;

/// <summary>One page of a record's extracted text (pages number from 1).</summary>
public sealed record RecordPage(int Number, string Text);

/// <summary>
/// A run of a page's text: plain when <see cref="Facts"/> is empty, else highlighted for every fact
/// (by its index in the record's fact list) that covers it. <see cref="Starting"/> names the facts whose
/// phrase begins here, so each gets one anchor.
/// </summary>
public sealed record TextSegment(string Text, IReadOnlyList<int> Facts, IReadOnlyList<int> Starting)
{
    public bool Highlighted => Facts.Count > 0;
}

/// <summary>Where a fact's phrase was found on its page, or why it was not.</summary>
public sealed record PlacedFact(int Index, int Page, int Start, int Length);

/// <summary>
/// A record's extracted text cut into pages, and a page cut into plain and highlighted runs for its
/// clinical facts. Pure, so it is unit-tested: facts come from engines and stored blobs, so a span may
/// overlap another, fall outside its page or point a few characters off; none of that may break the page.
/// </summary>
public static class RecordText
{
    /// <summary>The platform joins page texts with this (functions/SecondOpinion.Core/Records/TextExtraction.cs).</summary>
    public const string PageSeparator = "\n\f\n";

    /// <summary>The pages of a record's text; a form feed alone separates pages too. No text, no pages.</summary>
    public static IReadOnlyList<RecordPage> Pages(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var parts = text.Replace("\r\n", "\n").Split('\f');
        var pages = new List<RecordPage>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            // The separator's newlines belong to it, not to the pages either side.
            if (i > 0 && part.StartsWith('\n')) part = part[1..];
            if (i < parts.Length - 1 && part.EndsWith('\n')) part = part[..^1];
            pages.Add(new RecordPage(i + 1, part));
        }
        return pages;
    }

    /// <summary>
    /// Where each fact on <paramref name="page"/> stands in its text. The stored span is used when it lies
    /// inside the page and shows the fact's phrase; otherwise the phrase is looked for on the page (the
    /// occurrence nearest the stored start), as the record's text was trimmed before it was stored; a span
    /// inside the page that shows something else is kept as given; anything else is not placed.
    /// </summary>
    public static IReadOnlyList<PlacedFact> Place(RecordPage page, IReadOnlyList<FactInfo> facts)
    {
        var placed = new List<PlacedFact>();
        for (var i = 0; i < facts.Count; i++)
        {
            var fact = facts[i];
            if (fact.Location is not { } at || at.Page != page.Number) continue;
            var inside = at.Start >= 0 && at.Length > 0 && at.Start <= page.Text.Length - at.Length;
            if (inside && SamePhrase(page.Text.Substring(at.Start, at.Length), fact.Evidence))
            {
                placed.Add(new PlacedFact(i, page.Number, at.Start, at.Length));
                continue;
            }
            if (Find(page.Text, fact.Evidence, at.Start) is { } found)
            {
                placed.Add(new PlacedFact(i, page.Number, found.Start, found.Length));
                continue;
            }
            if (inside) placed.Add(new PlacedFact(i, page.Number, at.Start, at.Length));
        }
        return placed;
    }

    /// <summary>
    /// The page's text as runs: cut at every start and end of a placed fact, each run marked with the facts
    /// that cover it (overlapping facts share the runs they overlap). Joined, the runs are the page's text.
    /// </summary>
    public static IReadOnlyList<TextSegment> Segments(string text, IReadOnlyList<PlacedFact> placed)
    {
        var spans = placed.Where(p => p.Length > 0 && p.Start >= 0 && p.Start < text.Length)
            .Select(p => (p.Index, Start: p.Start, End: (int)Math.Min(text.Length, (long)p.Start + p.Length)))
            .ToList();
        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var s in spans) { cuts.Add(s.Start); cuts.Add(s.End); }
        var bounds = cuts.ToList();
        var segments = new List<TextSegment>();
        for (var b = 0; b < bounds.Count - 1; b++)
        {
            var (from, to) = (bounds[b], bounds[b + 1]);
            if (to <= from) continue;
            var covering = spans.Where(s => s.Start <= from && s.End >= to).Select(s => s.Index).OrderBy(i => i).ToList();
            var starting = spans.Where(s => s.Start == from).Select(s => s.Index).OrderBy(i => i).ToList();
            var piece = text[from..to];
            // Neighbouring plain runs stay one run.
            if (covering.Count == 0 && segments.Count > 0 && !segments[^1].Highlighted)
                segments[^1] = segments[^1] with { Text = segments[^1].Text + piece };
            else
                segments.Add(new TextSegment(piece, covering, starting));
        }
        return segments;
    }

    /// <summary>The phrase as printed and the stored evidence agree once whitespace is collapsed and case ignored.</summary>
    public static bool SamePhrase(string onPage, string evidence) =>
        string.Equals(Collapse(onPage), Collapse(evidence), StringComparison.OrdinalIgnoreCase);

    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.Trim())
        {
            if (char.IsWhiteSpace(ch)) { if (!space) sb.Append(' '); space = true; }
            else { sb.Append(ch); space = false; }
        }
        return sb.ToString();
    }

    /// <summary>The occurrence of the phrase nearest <paramref name="near"/>, whitespace on the page matching any run of it.</summary>
    private static (int Start, int Length)? Find(string text, string evidence, int near)
    {
        var words = evidence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        (int Start, int Length)? best = null;
        for (var from = text.IndexOf(words[0], StringComparison.OrdinalIgnoreCase); from >= 0;
             from = from + 1 < text.Length ? text.IndexOf(words[0], from + 1, StringComparison.OrdinalIgnoreCase) : -1)
        {
            if (MatchAt(text, from, words) is not { } end) continue;
            if (best is null || Math.Abs(from - near) < Math.Abs(best.Value.Start - near)) best = (from, end - from);
        }
        return best;
    }

    private static int? MatchAt(string text, int at, string[] words)
    {
        var position = at;
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                var gap = position;
                while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
                if (position == gap) return null;
            }
            if (string.Compare(text, position, words[w], 0, words[w].Length, StringComparison.OrdinalIgnoreCase) != 0 || position + words[w].Length > text.Length) return null;
            position += words[w].Length;
        }
        return position;
    }
}
