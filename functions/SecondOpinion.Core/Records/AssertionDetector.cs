using System.Text.RegularExpressions;

namespace SecondOpinion.Core.Records;

/// <summary>
/// Decides whether a phrase in a record is asserted about the patient now, in the manner of NegEx
/// (Chapman WW, Bridewell W, Hanbury P, Cooper GF, Buchanan BG. A simple algorithm for identifying
/// negated findings and diseases in discharge summaries. J Biomed Inform 2001;34(5):301–310) and its
/// extension ConText (Harkema H, Dowling JN, Thornblade T, Chapman WW. ConText: an algorithm for
/// determining negation, experiencer, and temporal status from clinical reports. J Biomed Inform
/// 2009;42(5):839–851). This is our own implementation of the published idea, not their code or lists:
/// <list type="number">
/// <item>the phrase's sentence is found (a full stop that is not a decimal point, ;, !, ?, 。, or a line break that starts a new item);</item>
/// <item>trigger terms are found in it, longest first, so a pseudo-trigger ("no increase", "non-small cell")
/// or a longer trigger ("cannot be ruled out" over "ruled out", "family history of" over "history of") wins;</item>
/// <item>a trigger before the phrase reaches forward, one after it reaches back, each over at most
/// <see cref="ForwardWords"/> / <see cref="BackwardWords"/> words and never past a termination term ("but", "however", "now") or the sentence;</item>
/// <item>a section heading ("Family history:", "Past medical history:") asserts its section;</item>
/// <item>when several apply: another person, then negated, then possible (including hypothetical), then historical.</item>
/// </list>
/// Measurements are only dated (historical) by this, never negated: a printed value was measured.
/// </summary>
public static partial class AssertionDetector
{
    public const int ForwardWords = 8;
    public const int BackwardWords = 6;

    private enum TriggerType { Negation, Possible, Historical, Experiencer, Pseudo, Termination }

    private enum Direction { Forward, Backward, Both }

    private sealed record Trigger(string Term, TriggerType Type, Direction Direction);

    private static readonly Trigger[] Triggers = Build();

    private static Trigger[] Build()
    {
        var list = new List<Trigger>();
        void Add(TriggerType type, Direction direction, params string[] terms) => list.AddRange(terms.Select(t => new Trigger(t, type, direction)));

        Add(TriggerType.Negation, Direction.Forward,
            "no", "not", "denies", "denied", "denying", "without", "no evidence of", "no evidence for", "no signs of", "no sign of", "no findings of",
            "negative for", "free of", "absence of", "never", "neither", "nor", "ruled out", "rules out", "non", "non-", "no new", "no residual",
            "did not show", "does not show", "did not reveal", "does not reveal", "fails to reveal", "failed to reveal", "unremarkable for",
            "no definite", "no significant", "no suspicious", "no radiographic evidence of", "no mammographic evidence of", "no imaging evidence of",
            "no history of", "not consistent with", "is not", "are not", "was not", "were not");
        Add(TriggerType.Negation, Direction.Backward,
            "is ruled out", "was ruled out", "has been ruled out", "ruled out", "not seen", "is not seen", "not identified", "not detected", "not present",
            "not demonstrated", "not visualized", "not visualised", "is absent", "are absent", "absent", "is negative", "was negative", "excluded",
            "was excluded", "is excluded", "has been excluded", "unlikely", "not found", "なし", "無し", "認めず", "認めない", "認められない", "陰性", "否定");
        Add(TriggerType.Possible, Direction.Forward,
            "rule out", "r/o", "to rule out", "suspicious for", "suspicion of", "suspicion for", "suspected", "possible", "possibly", "probable",
            "probably", "likely", "may be", "may represent", "could represent", "could be", "might be", "concern for", "concerning for", "worrisome for",
            "questionable", "question of", "cannot exclude", "can not exclude", "cannot rule out", "can not rule out", "differential diagnosis includes",
            "differential includes", "differential diagnosis of", "equivocal for", "suggestive of", "evaluate for", "evaluation for", "assess for",
            "screening for", "screen for", "work-up for", "workup for", "if", "in case of", "risk of", "at risk for", "risk factors for",
            "to prevent", "prevention of", "presumed", "presumptive");
        Add(TriggerType.Possible, Direction.Backward,
            "cannot be excluded", "can not be excluded", "cannot be ruled out", "can not be ruled out", "not excluded", "not be excluded", "not ruled out",
            "is suspected", "suspected", "is possible", "is likely", "is questioned", "疑い", "疑われる", "の疑い");
        Add(TriggerType.Historical, Direction.Forward,
            "history of", "hx of", "h/o", "status post", "s/p", "previous", "previously", "prior", "past history of", "past medical history of",
            "pmh of", "treated for", "in remission from", "remote", "former", "resolved", "既往", "既往歴");
        Add(TriggerType.Historical, Direction.Backward, "in the past", "previously", "in remission", "resolved", "years ago", "was treated", "の既往");
        Add(TriggerType.Experiencer, Direction.Forward,
            "family history of", "family history", "fhx", "fh of", "mother", "mother's", "father", "father's", "sister", "sister's", "brother",
            "brother's", "sibling", "siblings", "son", "daughter", "aunt", "uncle", "grandmother", "grandfather", "cousin", "maternal", "paternal",
            "parents", "parent", "家族歴", "母", "父", "姉", "妹", "兄", "弟", "祖母", "祖父");
        Add(TriggerType.Experiencer, Direction.Backward, "in her mother", "in his mother", "in her father", "in his father", "in the family", "in family members");
        Add(TriggerType.Pseudo, Direction.Both,
            "no increase", "no change", "no significant change", "no interval change", "not only", "no further", "not necessarily", "gram negative",
            "without difficulty", "not cause", "not drain", "not certain if", "not certain whether", "non-small cell", "non small cell", "non-small-cell",
            "non-hodgkin", "non hodgkin", "non-st elevation", "non-st-elevation", "non st elevation", "non-insulin", "non-proliferative",
            "nonproliferative", "non-invasive", "non-contrast", "non contrast", "no longer", "history and physical", "history and exam",
            "if needed", "if necessary", "prior to", "previous to", "likely benign", "possible benign", "probably benign", "not excluded from");
        Add(TriggerType.Termination, Direction.Both,
            "but", "however", "although", "though", "except", "apart from", "aside from", "yet", "which", "whereas", "nevertheless", "still",
            "now", "currently", "presents", "presenting", "presented", "today", "patient", "pt", "the patient", "she has", "he has", "ただし", "しかし");
        // Longest first: a longer trigger (or pseudo-trigger) takes its words from any shorter one inside it.
        return list.OrderByDescending(t => t.Term.Length).ToArray();
    }

    [GeneratedRegex(@"^[ \t]*(?<label>[A-Za-z][A-Za-z /&()-]{1,40}?)[ \t]*:", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();

    private static readonly string[] HistoricalSections =
        ["past medical history", "past history", "medical history", "pmh", "past surgical history", "surgical history", "psh", "previous history", "history"];

    /// <summary>The assertion status of <c>text[start..(start+length)]</c>. For a measurement only historical triggers count.</summary>
    public static AssertionStatus Assess(string text, int start, int length, bool measurement = false)
    {
        var (sentenceStart, sentenceEnd) = SentenceAround(text, start, start + length);
        var sentence = text[sentenceStart..sentenceEnd];
        var found = FindTriggers(sentence);
        var statuses = new HashSet<AssertionStatus>();
        var targetStart = start - sentenceStart;
        var targetEnd = targetStart + length;
        var terminations = found.Where(t => t.Trigger.Type == TriggerType.Termination).ToList();

        foreach (var (trigger, at, end) in found)
        {
            if (trigger.Type is TriggerType.Pseudo or TriggerType.Termination) continue;
            if (at < targetEnd && end > targetStart) continue; // a trigger inside the phrase itself ("non-metastatic" is read as a whole elsewhere)
            var forward = end <= targetStart && trigger.Direction is Direction.Forward or Direction.Both;
            var backward = at >= targetEnd && trigger.Direction is Direction.Backward or Direction.Both;
            if (forward)
            {
                if (terminations.Any(x => x.Start >= end && x.End <= targetStart)) continue;
                if (WordsBetween(sentence, end, targetStart) >= ForwardWords) continue;
            }
            else if (backward)
            {
                if (terminations.Any(x => x.Start >= targetEnd && x.End <= at)) continue;
                if (WordsBetween(sentence, targetEnd, at) >= BackwardWords) continue;
            }
            else continue;
            statuses.Add(StatusOf(trigger.Type));
        }
        if (SectionStatus(text, start) is { } section) statuses.Add(section);

        if (measurement) return statuses.Contains(AssertionStatus.Historical) ? AssertionStatus.Historical : AssertionStatus.Present;
        foreach (var status in new[] { AssertionStatus.OtherPerson, AssertionStatus.Negated, AssertionStatus.Possible, AssertionStatus.Historical })
            if (statuses.Contains(status)) return status;
        return AssertionStatus.Present;
    }

    private static AssertionStatus StatusOf(TriggerType type) => type switch
    {
        TriggerType.Negation => AssertionStatus.Negated,
        TriggerType.Possible => AssertionStatus.Possible,
        TriggerType.Historical => AssertionStatus.Historical,
        _ => AssertionStatus.OtherPerson,
    };

    private static int WordsBetween(string sentence, int from, int to) => from >= to ? 0 : Word().Count(sentence[from..to]);

    /// <summary>Triggers in the sentence, longest first; a trigger whose characters another already took is dropped.</summary>
    private static List<(Trigger Trigger, int Start, int End)> FindTriggers(string sentence)
    {
        var taken = new bool[sentence.Length];
        var found = new List<(Trigger, int, int)>();
        foreach (var trigger in Triggers)
        {
            for (var index = sentence.IndexOf(trigger.Term, StringComparison.OrdinalIgnoreCase); index >= 0;
                 index = sentence.IndexOf(trigger.Term, index + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = index + trigger.Term.Length;
                if (!IsWholeWord(sentence, trigger.Term, index, end)) continue;
                if (Enumerable.Range(index, trigger.Term.Length).Any(i => taken[i])) continue;
                for (var i = index; i < end; i++) taken[i] = true;
                found.Add((trigger, index, end));
            }
        }
        return found;
    }

    private static bool IsWholeWord(string text, string term, int index, int end)
    {
        // Japanese has no spaces between words: its triggers match where they stand.
        if (term.Any(c => c > 0x2E80)) return true;
        var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
        var after = end >= text.Length || !char.IsLetterOrDigit(text[end]) || term.EndsWith('-');
        return before && after;
    }

    /// <summary>The sentence holding the span: from after the previous terminator to the next one.</summary>
    public static (int Start, int End) SentenceAround(string text, int start, int end)
    {
        var from = start;
        while (from > 0 && !EndsSentence(text, from - 1)) from--;
        var to = Math.Min(end, text.Length);
        while (to < text.Length && !EndsSentence(text, to)) to++;
        return (from, to);
    }

    private static bool EndsSentence(string text, int i)
    {
        var c = text[i];
        switch (c)
        {
            case ';' or '!' or '?' or '。' or '\f':
                return true;
            case '.':
                // A decimal point ("3.5 cm") or an abbreviation's dot inside a word does not end a sentence.
                return !(i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]));
            case '\n':
                var next = i + 1;
                while (next < text.Length && text[next] is ' ' or '\t' or '\r') next++;
                if (next >= text.Length || text[next] == '\n') return true;
                var previous = i - 1;
                while (previous >= 0 && text[previous] is ' ' or '\t' or '\r') previous--;
                if (previous >= 0 && text[previous] == ':') return true;
                var n = text[next];
                // A new line that starts a new item (a capital, a bullet, a number) ends the sentence; a lower-case one continues it (a wrapped line).
                return char.IsUpper(n) || n is '-' or '*' or '•' or '・' || char.IsDigit(n) || n > 0x2E80;
            default:
                return false;
        }
    }

    /// <summary>The status a section heading gives everything under it: "Family history:" another person, "Past medical history:" historical.</summary>
    private static AssertionStatus? SectionStatus(string text, int start)
    {
        Match? last = null;
        foreach (Match m in SectionHeading().Matches(text))
        {
            if (m.Index > start) break;
            last = m;
        }
        if (last is null) return null;
        var label = string.Join(' ', last.Groups["label"].Value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (label.Contains("family", StringComparison.Ordinal)) return AssertionStatus.OtherPerson;
        if (HistoricalSections.Contains(label)) return AssertionStatus.Historical;
        return null;
    }
}
