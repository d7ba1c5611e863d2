using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Facts;

namespace SecondOpinion.Tests.Facts;

/// <summary>The pure parts of the Text Analytics for health adapter: the mapping of results to facts, and the split of pages into documents.</summary>
public sealed class TextAnalyticsForHealthMapperTests
{
    [Theory]
    [InlineData(null, null, null, null, AssertionStatus.Present)]
    [InlineData("positive", null, "subject", "current", AssertionStatus.Present)]
    [InlineData("negative", null, null, null, AssertionStatus.Negated)]
    [InlineData("negativePossible", null, null, null, AssertionStatus.Negated)]
    [InlineData("positivePossible", null, null, null, AssertionStatus.Possible)]
    [InlineData("neutralPossible", null, null, null, AssertionStatus.Possible)]
    [InlineData(null, "hypothetical", null, null, AssertionStatus.Possible)]
    [InlineData(null, "conditional", null, null, AssertionStatus.Possible)]
    [InlineData(null, null, null, "future", AssertionStatus.Possible)]
    [InlineData(null, null, null, "past", AssertionStatus.Historical)]
    [InlineData(null, null, "other", null, AssertionStatus.OtherPerson)]
    [InlineData(null, null, "other", "past", AssertionStatus.OtherPerson)]
    [InlineData("negative", null, "other", "past", AssertionStatus.Negated)]
    [InlineData("positivePossible", null, null, "past", AssertionStatus.Possible)]
    public void assertions_map_to_one_status(string? certainty, string? conditionality, string? association, string? temporality, AssertionStatus expected) =>
        Assert.Equal(expected, TextAnalyticsForHealthMapper.AssertionOf(new HealthcareAssertion(conditionality, certainty, association, temporality)));

    [Theory]
    [InlineData("#/results/documents/0/entities/3", 5, 3)]
    [InlineData("#/results/documents/2/entities/0", 1, 0)]
    [InlineData("#/results/documents/0/entities/7", 5, null)]
    [InlineData("#/results/documents/0", 5, null)]
    public void relation_pointers_name_an_entity_of_the_document(string pointer, int entities, int? expected) =>
        Assert.Equal(expected, TextAnalyticsForHealthMapper.EntityIndexOf(pointer, entities));

    [Fact]
    public void entities_become_facts_at_their_place_on_the_page_with_code_and_category()
    {
        var page = new PageText(4, "Header line.\nFindings: adenocarcinoma of the prostate. Started tamoxifen.", ReadingEngines.Tesseract);
        // The document is the page from "Findings" on, so the service's offsets are relative to that.
        var start = page.Text.IndexOf("Findings", StringComparison.Ordinal);
        var result = new HealthcareDocumentResult("4.2", [
            new HealthcareEntity("adenocarcinoma of the prostate", "Diagnosis", 10, 30, 0.98) { Links = [new("UMLS", "C0007112"), new("ICD10CM", "C61")] },
            new HealthcareEntity("prostate", "BodyStructure", 32, 8, 0.9),
            new HealthcareEntity("tamoxifen", "MedicationName", 50, 9, 0.99) { Assertion = new HealthcareAssertion(Temporality: "past") },
        ], []);

        var facts = TextAnalyticsForHealthMapper.Map("d07", page, start, result);

        Assert.Equal(2, facts.Count);
        var cancer = facts[0];
        Assert.Equal((FactKinds.Diagnosis, "adenocarcinoma of the prostate", "C61", "oncology"), (cancer.Kind, cancer.Value, cancer.Code, cancer.Category));
        Assert.Equal(new FactLocation("d07", 4, start + 10, 30), cancer.Location);
        Assert.Equal(FactEngines.TextAnalyticsForHealth, cancer.Engine);
        var drug = facts[1];
        Assert.Equal(("medication", AssertionStatus.Historical, null), (drug.Kind, drug.Assertion, drug.Code));
        Assert.Equal("tamoxifen", page.Text.Substring(drug.Location!.Start, drug.Location.Length));
    }

    [Fact]
    public void an_examination_with_a_related_value_and_unit_is_a_measurement()
    {
        var page = new PageText(1, "Echo: ejection fraction 35 %.", ReadingEngines.TextLayer);
        var result = new HealthcareDocumentResult("1", [
            new HealthcareEntity("ejection fraction", "ExaminationName", 6, 17, 0.9),
            new HealthcareEntity("35", "MeasurementValue", 24, 2, 0.9),
            new HealthcareEntity("%", "MeasurementUnit", 27, 1, 0.9),
        ], [
            new HealthcareRelation("ValueOfExamination", [new("#/results/documents/0/entities/1", "Value"), new("#/results/documents/0/entities/0", "Examination")]),
            new HealthcareRelation("UnitOfExamination", [new("#/results/documents/0/entities/0", "Examination"), new("#/results/documents/0/entities/2", "Unit")]),
        ]);

        var fact = Assert.Single(TextAnalyticsForHealthMapper.Map("d01", page, 0, result));

        Assert.Equal("measurement", fact.Kind);
        Assert.Equal(new MeasuredValue(MeasurementNames.Lvef, 35, "%", "lvef=35%"), fact.Measurement);
        Assert.Equal("ejection fraction 35 %", page.Text.Substring(fact.Location!.Start, fact.Location.Length));
    }

    [Fact]
    public void offsets_that_do_not_fit_the_page_give_no_location()
    {
        var page = new PageText(1, "Short text.", ReadingEngines.TextLayer);
        var result = new HealthcareDocumentResult("1", [new HealthcareEntity("fever", "SymptomOrSign", 40, 5, 0.9), new HealthcareEntity("Short", "SymptomOrSign", 1, 5, 0.9)], null);

        var facts = TextAnalyticsForHealthMapper.Map("d01", page, 0, result);

        Assert.All(facts, f => Assert.Null(f.Location));
        Assert.Equal(["fever", "Short"], facts.Select(f => f.Evidence));
    }

    [Fact]
    public void pages_become_documents_and_requests_within_the_limits()
    {
        var options = new TextAnalyticsForHealthOptions { MaxDocumentCharacters = 1_000, MaxDocumentsPerRequest = 3, MaxRequestCharacters = 2_000 };
        var longText = string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i % 10} ")); // 1,200 characters
        var pages = new[]
        {
            new PageText(1, longText, ReadingEngines.TextLayer),
            new PageText(2, "   ", ReadingEngines.Tesseract),
            new PageText(3, "short page", ReadingEngines.TextLayer),
            new PageText(4, "another", ReadingEngines.TextLayer),
            new PageText(5, "and one more", ReadingEngines.TextLayer),
        };

        var requests = TextAnalyticsForHealthDocuments.Plan(pages, options);

        Assert.All(requests, r => Assert.InRange(r.Count, 1, 3));
        Assert.All(requests, r => Assert.InRange(r.Sum(d => d.Text.Length), 1, 2_000));
        var documents = requests.SelectMany(r => r).ToList();
        Assert.Equal(["1.1", "1.2", "3", "4", "5"], documents.Select(d => d.Id));
        Assert.All(documents, d => Assert.InRange(d.Text.Length, 1, 1_000));
        var pieces = documents.Where(d => d.Page == 1).ToList();
        Assert.Equal(longText, string.Concat(pieces.Select(p => p.Text)));
        Assert.All(pieces, p => Assert.Equal(p.Text, longText.Substring(p.Start, p.Text.Length)));
        Assert.EndsWith(" ", pieces[0].Text); // cut at whitespace, not inside a word
    }

    [Fact]
    public void a_cut_never_splits_a_surrogate_pair()
    {
        var options = new TextAnalyticsForHealthOptions { MaxDocumentCharacters = 1_000 };
        var text = new string('x', 999) + "𝛼" + new string('y', 500); // no whitespace: the cut falls on the pair

        var documents = TextAnalyticsForHealthDocuments.Plan([new PageText(1, text, ReadingEngines.TextLayer)], options).SelectMany(r => r).ToList();

        Assert.Equal(999, documents[0].Text.Length);
        Assert.StartsWith("𝛼", documents[1].Text);
    }
}
