using SecondOpinion.Infrastructure.Ocr;

namespace SecondOpinion.Tests.Integration;

/// <summary>tesseract's TSV back into text and confidence (rows as tesseract 5 writes them).</summary>
public sealed class TesseractTsvTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    private static string Word(int block, int par, int line, int word, double conf, string text, int width = 80, int height = 20) =>
        $"5\t1\t{block}\t{par}\t{line}\t{word}\t0\t0\t{width}\t{height}\t{conf}\t{text}\n";

    [Fact]
    public void rebuilds_lines_and_paragraphs_and_averages_word_confidence()
    {
        var tsv = Header + "1\t1\t0\t0\t0\t0\t0\t0\t1240\t600\t-1\t\n"
            + Word(1, 1, 1, 1, 96, "Gleason") + Word(1, 1, 1, 2, 90, "3") + Word(1, 1, 1, 3, 90, "+") + Word(1, 1, 1, 4, 84, "4")
            + Word(1, 1, 2, 1, 80, "PSA") + Word(1, 1, 2, 2, 100, "6.8")
            + Word(2, 1, 1, 1, 70, "Signed.");

        var page = Assert.Single(TesseractTsv.Parse(tsv));

        Assert.Equal("Gleason 3 + 4\nPSA 6.8\n\nSigned.", page.Text);
        Assert.Equal(7, page.Words);
        Assert.Equal((96 + 90 + 90 + 84 + 80 + 100 + 70) / 700.0, page.Confidence!.Value, 6);
        Assert.False(page.Sideways);
    }

    [Fact]
    public void japanese_word_boxes_are_joined_without_spaces()
    {
        var tsv = Header + Word(1, 1, 1, 1, 95, "前立腺") + Word(1, 1, 1, 2, 93, "腺癌") + Word(1, 1, 1, 3, 91, "PSA") + Word(1, 1, 1, 4, 90, "6.8");

        Assert.Equal("前立腺腺癌 PSA 6.8", Assert.Single(TesseractTsv.Parse(tsv)).Text);
    }

    [Fact]
    public void a_page_of_specks_is_blank()
    {
        var tsv = Header + Word(1, 1, 1, 1, 12, "~") + Word(1, 1, 1, 2, 20, "i") + Word(1, 1, 2, 1, 95, "—");

        var page = Assert.Single(TesseractTsv.Parse(tsv));

        Assert.Equal(0, page.Words);
        Assert.Equal("", page.Text);
        Assert.Null(page.Confidence);
    }

    [Fact]
    public void words_in_tall_boxes_mean_the_scan_lay_sideways()
    {
        var tsv = Header + Word(1, 1, 1, 1, 96, "Oncology", 28, 122) + Word(1, 1, 1, 2, 96, "clinic", 22, 62) + Word(1, 1, 1, 3, 96, "a", 20, 20);

        Assert.True(Assert.Single(TesseractTsv.Parse(tsv)).Sideways);
    }
}
