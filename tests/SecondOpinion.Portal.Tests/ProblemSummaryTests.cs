using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Resources;
using SecondOpinion.Portal.Shared;

namespace SecondOpinion.Portal.Tests;

public sealed class ProblemSummaryTests : BunitContext
{
    public ProblemSummaryTests() => Services.AddLocalization();

    [Fact]
    public void a_field_error_names_its_field_and_links_to_it_and_other_errors_keep_their_path()
    {
        var problem = new ApiProblem(400, "The request has invalid fields.", null, new Dictionary<string, string[]>
        {
            ["patient.email"] = ["Must be an e-mail address."],
            ["body"] = ["A JSON body is required."],
        });
        var summary = Render<ProblemSummary>(p => p
            .Add(c => c.Problem, problem)
            .Add(c => c.Fields, new Dictionary<string, string> { ["patient.email"] = "E-mail" }));

        Assert.Equal("alert", summary.Find("div.banner").GetAttribute("role"));
        var link = summary.Find("a");
        Assert.EndsWith("#patient.email", link.GetAttribute("href"));
        Assert.Equal("E-mail: Must be an e-mail address.", link.TextContent);
        Assert.Contains("body: A JSON body is required.", summary.Markup);
    }

    [Fact]
    public void field_messages_point_screen_readers_at_the_field()
    {
        var problem = new ApiProblem(400, "Invalid", null, new Dictionary<string, string[]> { ["patient.dateOfBirth"] = ["Required."] });
        var messages = Render<FieldMessages>(p => p.Add(c => c.Field, "patient.dateOfBirth").Add(c => c.Problem, problem));
        Assert.Equal("error-patient-dateOfBirth", messages.Find("div.field-error").Id);
        Assert.Equal("Required.", messages.Find("p").TextContent);
    }

    [Fact]
    public void nothing_renders_without_a_problem()
    {
        Assert.Empty(Render<ProblemSummary>().Markup.Trim());
        _ = Services.GetRequiredService<IStringLocalizer<Text>>();
    }
}
