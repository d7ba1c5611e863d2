using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace SecondOpinion.Infrastructure.Reports;

internal sealed record TextStyle(double Size, bool Bold, XColor Color)
{
    public double LineHeight => Size * 1.4;
}

/// <summary>
/// Writes a flowing A4 document top to bottom: headings, paragraphs, key/value tables, bullets and
/// quotes. Text wraps at word boundaries (between any two CJK characters), words wider than the
/// column are split, and content that does not fit continues on a new page; every page gets a
/// footer with its number. Each character is set in the first face that has a glyph for it.
/// </summary>
internal sealed class PdfDocumentWriter : IDisposable
{
    private static readonly XColor Ink = XColor.FromArgb(0x1a, 0x1a, 0x1a);
    private static readonly XColor Accent = XColor.FromArgb(0x17, 0x36, 0x5d);
    private static readonly XColor Muted = XColor.FromArgb(0x5f, 0x63, 0x68);
    private static readonly XColor Rule = XColor.FromArgb(0xc8, 0xcc, 0xd0);
    public static readonly XColor Warning = XColor.FromArgb(0x9c, 0x2a, 0x00);

    public static readonly TextStyle Body = new(10, false, Ink);
    public static readonly TextStyle Strong = new(10, true, Ink);
    public static readonly TextStyle Small = new(8, false, Muted);
    private static readonly TextStyle TitleStyle = new(20, true, Accent);
    private static readonly TextStyle HeadingStyle = new(13, true, Accent);
    private static readonly TextStyle SubheadingStyle = new(11, true, Ink);
    private static readonly TextStyle KeyStyle = new(9.5, true, Muted);

    private const double Margin = 56; // about 2 cm
    private const double FooterMargin = 60;
    private const double KeyColumn = 150;
    private const double ColumnGap = 10;
    private const double Indent = 14;

    private readonly ReportFontSet fonts;
    private readonly string footer;
    private readonly PdfDocument document = new();
    private readonly Dictionary<(string Face, double Size, bool Bold), XFont> fontCache = new();
    private readonly XPdfFontOptions unicode = new(PdfFontEncoding.Unicode);
    private readonly XGraphics measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
    private PdfPage page = null!;
    private XGraphics gfx = null!;
    private double y;
    private bool finished;

    public PdfDocumentWriter(ReportFontSet fonts, string title, string footer)
    {
        this.fonts = fonts;
        this.footer = footer;
        document.Info.Title = title;
        document.Info.Creator = "SecondOpinion";
        NewPage();
    }

    private double Left => Margin;
    private double Width => page.Width.Point - 2 * Margin;
    private double Bottom => page.Height.Point - FooterMargin;

    public int PageCount => document.PageCount;

    public void Title(string text)
    {
        WriteLines(Wrap(text, TitleStyle, Width), TitleStyle, Left);
        y += 4;
    }

    /// <summary>A section heading with a rule under it, kept on the same page as the first lines after it.</summary>
    public void Heading(string text)
    {
        var lines = Wrap(text, HeadingStyle, Width);
        y += 10;
        EnsureSpace(lines.Count * HeadingStyle.LineHeight + 4 + 3 * Body.LineHeight);
        WriteLines(lines, HeadingStyle, Left);
        gfx.DrawLine(new XPen(Accent, 0.75), Left, y, Left + Width, y);
        y += 6;
    }

    public void Subheading(string text, XColor? color = null)
    {
        var style = color is { } c ? SubheadingStyle with { Color = c } : SubheadingStyle;
        var lines = Wrap(text, style, Width);
        y += 6;
        EnsureSpace(lines.Count * style.LineHeight + 2 * Body.LineHeight);
        WriteLines(lines, style, Left);
        y += 2;
    }

    /// <summary>A short bold label ("Narrative"), kept on the same page as the first lines after it.</summary>
    public void Label(string text)
    {
        var lines = Wrap(text, Strong, Width);
        EnsureSpace((lines.Count + 2) * Strong.LineHeight);
        WriteLines(lines, Strong, Left);
        y += 1;
    }

    /// <summary>Text as given; line breaks in it start new lines, blank lines separate paragraphs.</summary>
    public void Paragraph(string? text, TextStyle? style = null)
    {
        var s = style ?? Body;
        WriteLines(Wrap(text ?? "—", s, Width), s, Left);
        y += s.Size * 0.5;
    }

    /// <summary>Two columns: labels on the left, wrapping values on the right; a long value flows onto the next page.</summary>
    public void KeyValueTable(IEnumerable<(string Key, string? Value)> rows)
    {
        var valueWidth = Width - KeyColumn - ColumnGap;
        foreach (var (key, value) in rows)
        {
            var keys = Wrap(key, KeyStyle, KeyColumn);
            var values = Wrap(string.IsNullOrWhiteSpace(value) ? "—" : value, Body, valueWidth);
            y += 3;
            EnsureSpace(Math.Min(Math.Max(keys.Count, values.Count), 2) * Body.LineHeight);
            for (var i = 0; i < Math.Max(keys.Count, values.Count); i++)
            {
                if (EnsureSpace(Body.LineHeight)) y += 3;
                if (i < keys.Count) DrawLine(gfx, keys[i], KeyStyle, Left, y);
                if (i < values.Count) DrawLine(gfx, values[i], Body, Left + KeyColumn + ColumnGap, y);
                y += Body.LineHeight;
            }
            y += 2;
            gfx.DrawLine(new XPen(Rule, 0.5), Left, y, Left + Width, y);
        }
        y += 6;
    }

    public void Bullets(IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            var lines = Wrap(item, Body, Width - Indent);
            for (var i = 0; i < lines.Count; i++)
            {
                EnsureSpace(Body.LineHeight);
                if (i == 0) DrawLine(gfx, Wrap("•", Body, Indent)[0], Body, Left + 3, y);
                DrawLine(gfx, lines[i], Body, Left + Indent, y);
                y += Body.LineHeight;
            }
            y += 2;
        }
        y += 4;
    }

    /// <summary>Indented text with a bar on its left (a reviewer's answer, a quoted passage).</summary>
    public void Quote(string text)
    {
        foreach (var line in Wrap(text, Body, Width - 2 * Indent))
        {
            EnsureSpace(Body.LineHeight);
            gfx.DrawLine(new XPen(Rule, 2), Left + 4, y, Left + 4, y + Body.LineHeight);
            DrawLine(gfx, line, Body, Left + Indent, y);
            y += Body.LineHeight;
        }
        y += 6;
    }

    public void Space(double points) => y += points;

    /// <summary>Adds the page footers and returns the document's bytes; the writer cannot be written to after.</summary>
    public byte[] ToPdf()
    {
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        gfx.Dispose();
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            var p = document.Pages[i];
            var baseline = p.Height.Point - FooterMargin + 24;
            g.DrawLine(new XPen(Rule, 0.5), Margin, baseline - 12, p.Width.Point - Margin, baseline - 12);
            var number = Wrap($"Page {i + 1} of {count}", Small, Width)[0];
            DrawLine(g, Wrap(footer, Small, Width - number.Width - 20)[0], Small, Margin, baseline - Small.Size);
            DrawLine(g, number, Small, p.Width.Point - Margin - number.Width, baseline - Small.Size);
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (!finished) gfx.Dispose();
        finished = true;
        measure.Dispose();
        document.Dispose();
    }

    private void NewPage()
    {
        gfx?.Dispose();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        y = Margin;
    }

    /// <summary>Starts a new page when <paramref name="height"/> does not fit below the cursor; true when it did.</summary>
    private bool EnsureSpace(double height)
    {
        if (y + height <= Bottom || y <= Margin) return false;
        NewPage();
        return true;
    }

    private void WriteLines(IReadOnlyList<Line> lines, TextStyle style, double x)
    {
        foreach (var line in lines)
        {
            EnsureSpace(style.LineHeight);
            DrawLine(gfx, line, style, x, y);
            y += style.LineHeight;
        }
    }

    private static void DrawLine(XGraphics g, Line line, TextStyle style, double x, double top)
    {
        var brush = new XSolidBrush(style.Color);
        var baseline = top + style.Size * 1.05;
        foreach (var segment in line.Segments)
        {
            g.DrawString(segment.Text, segment.Font, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += segment.Width;
        }
    }

    // ---- line breaking ----

    private sealed record Segment(string Text, XFont Font, double Width);

    private sealed class Line
    {
        public List<Segment> Segments { get; } = [];
        public double Width { get; private set; }

        public void Add(IEnumerable<Segment> segments)
        {
            foreach (var s in segments)
            {
                if (Segments.Count > 0 && ReferenceEquals(Segments[^1].Font, s.Font))
                    Segments[^1] = new Segment(Segments[^1].Text + s.Text, s.Font, Segments[^1].Width + s.Width);
                else Segments.Add(s);
                Width += s.Width;
            }
        }
    }

    private List<Line> Wrap(string text, TextStyle style, double width)
    {
        var lines = new List<Line>();
        foreach (var hardLine in Normalize(text).Split('\n'))
        {
            var line = new Line();
            List<Segment>? pendingSpace = null;
            foreach (var (token, isSpace) in Tokenize(hardLine))
            {
                if (isSpace)
                {
                    if (line.Segments.Count > 0) pendingSpace = Shape(" ", style);
                    continue;
                }
                var word = Shape(token, style);
                var wordWidth = word.Sum(s => s.Width);
                var spaceWidth = pendingSpace?.Sum(s => s.Width) ?? 0;
                if (line.Width + spaceWidth + wordWidth <= width)
                {
                    if (pendingSpace is not null) line.Add(pendingSpace);
                    line.Add(word);
                }
                else
                {
                    if (line.Segments.Count > 0) { lines.Add(line); line = new Line(); }
                    if (wordWidth <= width) line.Add(word);
                    else
                    {
                        // Wider than the column (a long identifier, a URL): break it between characters.
                        foreach (var rune in token.EnumerateRunes())
                        {
                            var piece = Shape(rune.ToString(), style);
                            if (line.Segments.Count > 0 && line.Width + piece.Sum(s => s.Width) > width) { lines.Add(line); line = new Line(); }
                            line.Add(piece);
                        }
                    }
                }
                pendingSpace = null;
            }
            lines.Add(line);
        }
        return lines;
    }

    private static string Normalize(string text)
    {
        var normalized = new StringBuilder(text.Length);
        foreach (var rune in text.Replace("\r\n", "\n").Replace('\r', '\n').EnumerateRunes())
        {
            if (rune.Value == '\n') normalized.Append('\n');
            else if (Rune.IsWhiteSpace(rune)) normalized.Append(' ');
            else if (!Rune.IsControl(rune)) normalized.Append(rune.ToString());
        }
        return normalized.ToString();
    }

    /// <summary>Words, single spaces, and each CJK character on its own (a line may break around it, not before closing punctuation).</summary>
    private static List<(string Token, bool IsSpace)> Tokenize(string line)
    {
        var word = new StringBuilder();
        var tokens = new List<(string, bool)>();
        var afterCjk = false; // the last character added to the word allows a break after it
        void Flush()
        {
            if (word.Length > 0) tokens.Add((word.ToString(), false));
            word.Clear();
        }
        foreach (var rune in line.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                Flush();
                if (tokens.Count == 0 || !tokens[^1].Item2) tokens.Add((" ", true));
                afterCjk = false;
                continue;
            }
            if (!NoBreakBefore(rune) && (afterCjk || BreaksAnywhere(rune))) Flush();
            word.Append(rune.ToString());
            afterCjk = BreaksAnywhere(rune);
        }
        Flush();
        return tokens;
    }

    private static bool BreaksAnywhere(Rune r) => r.Value is >= 0x2E80 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF
        or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF;

    private static bool NoBreakBefore(Rune r) => r.Value < 0x10000 && "、。，．・：；？！ー）」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々,.;:!?)]}".Contains((char)r.Value);

    /// <summary>The text as runs of one face each: the Latin face where it has the glyph, else the CJK face, else '?'.</summary>
    private List<Segment> Shape(string text, TextStyle style)
    {
        var segments = new List<Segment>();
        var run = new StringBuilder();
        XFont? runFont = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var (font, glyph) = FontFor(rune, style);
            if (runFont is not null && !ReferenceEquals(font, runFont))
            {
                segments.Add(Measure(run.ToString(), runFont));
                run.Clear();
            }
            runFont = font;
            run.Append(glyph);
        }
        if (runFont is not null) segments.Add(Measure(run.ToString(), runFont));
        return segments;
    }

    private (XFont Font, string Glyph) FontFor(Rune rune, TextStyle style)
    {
        var latin = style.Bold ? fonts.Bold : fonts.Regular;
        if (latin.Coverage.Covers(rune.Value)) return (Font(ReportFontResolver.SansFamily, latin, style), rune.ToString());
        if (fonts.Cjk is { } cjk && cjk.Coverage.Covers(rune.Value)) return (Font(ReportFontResolver.CjkFamily, cjk, style), rune.ToString());
        return (Font(ReportFontResolver.SansFamily, latin, style), "?");
    }

    private XFont Font(string family, ReportFontFace face, TextStyle style)
    {
        var key = (face.FaceName, style.Size, style.Bold);
        if (!fontCache.TryGetValue(key, out var font))
            fontCache[key] = font = new XFont(family, style.Size, style.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, unicode);
        return font;
    }

    private Segment Measure(string text, XFont font) => new(text, font, measure.MeasureString(text, font).Width);
}
