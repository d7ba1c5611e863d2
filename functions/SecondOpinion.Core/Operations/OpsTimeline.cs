using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Operations;

/// <summary>
/// The timeline entries operations actions write: keyed "ops:{action}…", the note "{what} ({who}): {reason}".
/// The reason is free text and stays in the case (ops see the timeline); summaries leave it out.
/// </summary>
public static class OpsTimeline
{
    public const string KeyPrefix = "ops:";

    public static string Note(string what, string subject, string reason) => $"{what} ({subject}): {reason}";

    /// <summary>A key for an action that can be taken more than once (suspend, resume): numbered in the case.</summary>
    public static string NextKey(CaseFile c, string action) => $"{KeyPrefix}{action}:{c.Timeline.Count(t => t.Key?.StartsWith($"{KeyPrefix}{action}:", StringComparison.Ordinal) == true) + 1}";

    /// <summary>The entry's note as a summary may show it: an operations entry without its reason.</summary>
    public static string Summary(TimelineEntry entry)
    {
        if (entry.Key?.StartsWith(KeyPrefix, StringComparison.Ordinal) != true) return entry.Event;
        var reasonAt = entry.Event.IndexOf("): ", StringComparison.Ordinal);
        return reasonAt < 0 ? entry.Event : entry.Event[..(reasonAt + 1)] + ".";
    }
}
