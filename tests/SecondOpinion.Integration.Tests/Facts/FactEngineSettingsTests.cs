using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecondOpinion.Core.Records;
using SecondOpinion.Hosting;
using SecondOpinion.Hosting.Settings;
using SecondOpinion.Infrastructure.Facts;

namespace SecondOpinion.Tests.Facts;

/// <summary><c>Facts:Engine</c> chooses the fact engine; a setting that cannot work stops the start with a message naming it.</summary>
public sealed class FactEngineSettingsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        settings["Auth:Authority"] = "https://login.example.test/tenant/v2.0";
        settings["State:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"so-facts-{Guid.NewGuid():N}.db");
        return new ServiceCollection().AddLogging().AddSecondOpinion(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
    }

    private static string Problem(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FactsSettings>>().Value).Message;
    }

    [Fact]
    public void the_lexicon_engine_is_the_default()
    {
        using var services = Services([]);
        Assert.IsType<LexiconFactEngine>(services.GetRequiredService<IClinicalFactEngine>());
    }

    [Fact]
    public void text_analytics_for_health_is_chosen_by_setting()
    {
        using var services = Services(new()
        {
            ["Facts:Engine"] = "text-analytics-for-health",
            ["Facts:TextAnalyticsForHealth:Endpoint"] = "https://language-test.cognitiveservices.azure.com/",
        });
        var engine = Assert.IsType<TextAnalyticsForHealthEngine>(services.GetRequiredService<IClinicalFactEngine>());
        Assert.Equal(FactEngines.TextAnalyticsForHealth, engine.Name);
    }

    [Fact]
    public void an_unknown_engine_is_refused() =>
        Assert.Contains("Facts:Engine 'regex' is not known", Problem(new() { ["Facts:Engine"] = "regex" }));

    [Fact]
    public void text_analytics_for_health_without_an_endpoint_is_refused() =>
        Assert.Contains("Facts:TextAnalyticsForHealth:Endpoint", Problem(new() { ["Facts:Engine"] = "text-analytics-for-health" }));

    [Fact]
    public void limits_above_the_services_own_are_refused() =>
        Assert.Contains("MaxDocumentsPerRequest", Problem(new()
        {
            ["Facts:Engine"] = "text-analytics-for-health",
            ["Facts:TextAnalyticsForHealth:Endpoint"] = "https://language-test.cognitiveservices.azure.com/",
            ["Facts:TextAnalyticsForHealth:MaxDocumentsPerRequest"] = "100",
        }));

    [Fact]
    public void a_plain_http_endpoint_is_refused_unless_local() =>
        Assert.Contains("https://", Problem(new()
        {
            ["Facts:Engine"] = "text-analytics-for-health",
            ["Facts:TextAnalyticsForHealth:Endpoint"] = "http://language-test.cognitiveservices.azure.com/",
        }));
}
