namespace SecondOpinion.Core.Records;

/// <summary>
/// One page of a read record as <c>pages.json</c> keeps it next to the document: who read it, how
/// sure it was, the language and rotation found, its flags and how many characters it gave. No text.
/// </summary>
public sealed record DocumentPage(int Number, string Engine, double? Confidence, string? Language, int RotationDegrees, IReadOnlyList<string> Flags, int Characters)
{
    public static IReadOnlyList<DocumentPage> Of(ExtractedText text) =>
        text.PageTexts.Select(p => new DocumentPage(p.Number, p.Engine, p.Confidence, p.Language, p.RotationDegrees, p.Flags ?? [], p.Text.Length)).ToList();
}
