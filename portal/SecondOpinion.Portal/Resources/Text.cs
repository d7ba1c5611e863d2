namespace SecondOpinion.Portal.Resources;

/// <summary>The portal's texts: <c>Text.resx</c> (English) and <c>Text.ja.resx</c> (Japanese), through <c>IStringLocalizer&lt;Text&gt;</c>.</summary>
public sealed class Text;
