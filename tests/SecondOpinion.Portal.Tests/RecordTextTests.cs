using SecondOpinion.Portal.Specialist;

namespace SecondOpinion.Portal.Tests;

public sealed class RecordTextTests
{
    private static FactInfo Fact(string evidence, int page, int start, int length, string assertion = "present") =>
        new("diagnosis", "x", evidence) { Assertion = assertion, Location = new FactLocationInfo("d01", page, start, length) };

    private static string Joined(IEnumerable<TextSegment> segments) => string.Concat(segments.Select(s => s.Text));

    [Fact]
    public void a_records_text_is_cut_into_pages_at_the_platforms_separator()
    {
        var pages = RecordText.Pages("first page\nline two\n\f\nsecond page\n\f\n\n\f\nfourth");
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p.Number));
        Assert.Equal("first page\nline two", pages[0].Text);
        Assert.Equal("second page", pages[1].Text);
        Assert.Equal("", pages[2].Text);
        Assert.Equal("fourth", pages[3].Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void no_text_is_no_pages(string? text) => Assert.Empty(RecordText.Pages(text));

    [Fact]
    public void a_page_separated_by_a_form_feed_alone_is_a_page_too() =>
        Assert.Equal(["a", "b"], RecordText.Pages("a\fb").Select(p => p.Text));

    [Fact]
    public void a_fact_is_highlighted_at_its_span_in_its_pages_text()
    {
        var page = RecordText.Pages("Header\n\f\nNo evidence of metastasis. Adenocarcinoma of prostate.")[1];
        var facts = new[] { Fact("metastasis", 2, 15, 10, "negated"), Fact("Adenocarcinoma of prostate", 2, 27, 26) };
        var segments = RecordText.Segments(page.Text, RecordText.Place(page, facts));
        Assert.Equal(page.Text, Joined(segments));
        Assert.Equal(["No evidence of ", "metastasis", ". ", "Adenocarcinoma of prostate", "."], segments.Select(s => s.Text));
        Assert.Equal([0], segments[1].Facts);
        Assert.Equal([1], segments[3].Facts);
        Assert.Empty(segments[0].Facts);
    }

    [Fact]
    public void facts_of_other_pages_are_not_placed_on_this_one()
    {
        var page = new RecordPage(1, "LVEF 35%");
        Assert.Empty(RecordText.Place(page, [Fact("LVEF 35%", 2, 0, 8)]));
    }

    [Fact]
    public void overlapping_facts_share_the_run_they_overlap_and_each_starts_once()
    {
        const string text = "severe aortic stenosis noted";
        var page = new RecordPage(1, text);
        var facts = new[] { Fact("severe aortic stenosis", 1, 0, 22), Fact("aortic stenosis", 1, 7, 15) };
        var segments = RecordText.Segments(text, RecordText.Place(page, facts));
        Assert.Equal(text, Joined(segments));
        Assert.Equal(["severe ", "aortic stenosis", " noted"], segments.Select(s => s.Text));
        Assert.Equal([0], segments[0].Facts);
        Assert.Equal([0, 1], segments[1].Facts);
        Assert.Equal([0], segments[0].Starting);
        Assert.Equal([1], segments[1].Starting);
        Assert.Empty(segments[2].Facts);
    }

    [Fact]
    public void a_span_off_by_a_trimmed_prefix_is_found_by_its_phrase_nearest_the_stored_start()
    {
        // The stored record text is trimmed, so page 1 can lose leading whitespace its offsets counted.
        var page = new RecordPage(1, "EF 35%. Later: EF 35%.");
        var placed = RecordText.Place(page, [Fact("EF 35%", 1, 17, 6)]);
        Assert.Equal(new PlacedFact(0, 1, 15, 6), Assert.Single(placed));
    }

    [Fact]
    public void a_phrase_printed_across_a_line_break_is_found_with_its_whitespace_collapsed()
    {
        var page = new RecordPage(1, "Dx: ductal\n  carcinoma in situ");
        var placed = RecordText.Place(page, [Fact("ductal carcinoma", 1, 90, 16)]);
        var fact = Assert.Single(placed);
        Assert.Equal("ductal\n  carcinoma", page.Text.Substring(fact.Start, fact.Length));
    }

    [Theory]
    [InlineData(-3, 4)]
    [InlineData(50, 4)]
    [InlineData(2, 0)]
    [InlineData(2, -1)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void a_span_outside_the_page_whose_phrase_is_not_there_is_not_placed(int start, int length)
    {
        var page = new RecordPage(1, "short text");
        Assert.Empty(RecordText.Place(page, [Fact("absent phrase", 1, start, length)]));
        Assert.Equal("short text", Joined(RecordText.Segments(page.Text, [new PlacedFact(0, 1, start, length)])));
    }

    [Fact]
    public void a_span_inside_the_page_that_shows_other_words_is_kept_as_given()
    {
        var page = new RecordPage(1, "Gleason 3+4=7");
        var placed = RecordText.Place(page, [Fact("Gleason score 7", 1, 0, 13)]);
        Assert.Equal(new PlacedFact(0, 1, 0, 13), Assert.Single(placed));
    }

    [Fact]
    public void a_span_running_past_the_end_of_the_text_is_cut_at_the_end()
    {
        var segments = RecordText.Segments("abc def", [new PlacedFact(0, 1, 4, 99)]);
        Assert.Equal(["abc ", "def"], segments.Select(s => s.Text));
        Assert.True(segments[1].Highlighted);
    }

    [Fact]
    public void a_fact_without_a_location_is_not_placed() =>
        Assert.Empty(RecordText.Place(new RecordPage(1, "text"), [new FactInfo("diagnosis", "x", "text")]));

    [Fact]
    public void a_page_without_facts_is_one_plain_run_and_an_empty_page_none()
    {
        Assert.Equal("plain", Assert.Single(RecordText.Segments("plain", [])).Text);
        Assert.Empty(RecordText.Segments("", []));
    }

    [Theory]
    [InlineData("add-reviewer", "add-reviewer", true)]
    [InlineData("AddReviewer", "add-reviewer", true)]
    [InlineData("offered", "accepted", false)]
    [InlineData(null, "sign", false)]
    public void codes_compare_equal_in_either_spelling(string? value, string code, bool expected) =>
        Assert.Equal(expected, StaffText.Is(value, code));
}

public sealed class RecordTextOverflowTests
{
    [Fact]
    public void a_length_that_would_overflow_ends_at_the_end_of_the_text()
    {
        var segments = RecordText.Segments("abcdef", [new PlacedFact(0, 1, 2, int.MaxValue)]);
        Assert.Equal(["ab", "cdef"], segments.Select(s => s.Text));
    }
}
