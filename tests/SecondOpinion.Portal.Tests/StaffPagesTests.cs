using System.Net;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Auth;
using SecondOpinion.Portal.Director;
using SecondOpinion.Portal.Specialist;

namespace SecondOpinion.Portal.Tests;

/// <summary>The specialist and director pages against canned API answers in the server's JSON.</summary>
public sealed class StaffPagesTests : IDisposable
{
    private readonly BunitContext ctx = new();
    private readonly CannedApi api = new();

    public StaffPagesTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton<SessionState>();
        ctx.Services.AddSingleton<IAccessTokenProvider, StaticToken>();
        ctx.Services.AddSingleton<ApiTokenSource>();
        ctx.Services.AddSingleton(sp => new PortalApi(new HttpClient(api) { BaseAddress = new Uri("http://localhost/") }, sp.GetRequiredService<SessionState>()));
    }

    public void Dispose() => ctx.Dispose();

    private const string Offer = """
        {"id":"C1-s1-0","caseId":"C1","seatId":"s1","subspecialty":"cardiology","specialistId":"sp","status":"offered",
         "offeredAt":"2026-12-02T06:00:00+00:00","acceptBy":"2099-12-02T10:00:00+00:00","matchReasons":["licensed in JP"],"revision":0,"previousOpinions":[]}
        """;

    [Fact]
    public void the_inbox_lists_an_offer_with_its_countdown_and_accepts_it_in_the_row()
    {
        api.On("GET", "api/assignments?status=active", 200, $"[{Offer}]");
        api.On("POST", "api/assignments/C1-s1-0/accept", 200, Offer.Replace("\"offered\"", "\"accepted\""));
        var page = ctx.Render<Inbox>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-test=offer-row]")));
        var row = page.Find("[data-test=offer-row]");
        Assert.Equal("C1-s1-0", row.GetAttribute("data-assignment-id"));
        Assert.NotNull(row.QuerySelector("a[href='assignments/C1-s1-0']"));
        Assert.Contains("left", row.QuerySelector(".clock")!.TextContent);
        row.QuerySelector("[data-test=accept]")!.Click();
        page.WaitForAssertion(() => Assert.Contains("POST api/assignments/C1-s1-0/accept", api.Calls));
        page.WaitForAssertion(() => Assert.Contains("You accepted", page.Find(".banner.success").TextContent));
    }

    [Fact]
    public void a_refused_answer_shows_the_apis_problem()
    {
        api.On("GET", "api/assignments?status=active", 200, $"[{Offer}]");
        api.On("POST", "api/assignments/C1-s1-0/decline", 409, """{"title":"Conflict","status":409,"detail":"The offer is expired and can no longer be answered."}""");
        var page = ctx.Render<Inbox>();
        page.WaitForAssertion(() => page.Find("[data-test=decline]"));
        page.Find("[data-test=decline]").Click();
        page.WaitForAssertion(() => Assert.Contains("can no longer be answered", page.Find(".banner.error").TextContent));
    }

    [Fact]
    public void a_record_shows_its_pages_with_facts_highlighted_and_listed_with_links_to_them()
    {
        var document = new MaterialDocumentInfo("d01", "Record 1 (PDF, 2 pages)", "application/pdf", "TextLayer",
            "Cover letter\n\f\nNo evidence of metastasis. LVEF 35%.",
            [
                new FactInfo("diagnosis", "secondary malignant neoplasm", "metastasis") { Assertion = "negated", Code = "C79.9", Location = new("d01", 2, 15, 10) },
                new FactInfo("measurement", "lvef=35%", "LVEF 35%") { Location = new("d01", 2, 27, 8) },
                new FactInfo("medication", "metformin", "metformin") { Location = new("d01", 2, 400, 9) },
            ]);
        var viewer = ctx.Render<RecordViewer>(p => p.Add(v => v.AssignmentId, "C1-s1-0").Add(v => v.Document, document));

        Assert.Equal(2, viewer.FindAll(".extracted").Count);
        var negated = viewer.Find("mark.fact.negated");
        Assert.Equal("fact-d01-0", negated.GetAttribute("id"));
        Assert.StartsWith("metastasis", negated.TextContent);
        Assert.Contains("C79.9", negated.QuerySelector(".visually-hidden")!.TextContent);
        Assert.Contains("negated", negated.QuerySelector(".visually-hidden")!.TextContent);
        var present = viewer.FindAll("mark.fact").Single(m => m.Id == "fact-d01-1");
        Assert.DoesNotContain("negated", present.ClassName);
        // The page's text is all there, in order, around the marks.
        Assert.StartsWith("No evidence of metastasis", viewer.Find("#text-d01-p2").TextContent);

        var rows = viewer.FindAll("tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.EndsWith("#fact-d01-0", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(rows[2].QuerySelector("a"));
        Assert.Contains("not found in the text", rows[2].TextContent);
    }

    [Fact]
    public void the_original_that_the_api_does_not_serve_yet_is_explained()
    {
        ctx.JSInterop.Setup<ObjectUrl?>("portal.typedObjectUrl", _ => true).SetResult(new ObjectUrl(404, null, null));
        var document = new MaterialDocumentInfo("d01", "Record 1 (PDF, 1 page)", "application/pdf", "TextLayer", "text", []);
        var viewer = ctx.Render<RecordViewer>(p => p.Add(v => v.AssignmentId, "C1-s1-0").Add(v => v.Document, document));
        viewer.Find("button.secondary").Click();
        viewer.WaitForAssertion(() => Assert.Contains("cannot be shown yet", viewer.Find(".banner.error").TextContent));
        Assert.Empty(viewer.FindAll("iframe"));
    }

    [Fact]
    public void a_pdf_original_is_framed_at_its_page_from_an_object_url_typed_as_a_pdf()
    {
        ctx.JSInterop.Setup<ObjectUrl?>("portal.typedObjectUrl", i => i.Arguments[2] as string == "application/pdf")
            .SetResult(new ObjectUrl(200, "blob:http://localhost/1", "application/pdf"));
        var document = new MaterialDocumentInfo("d01", "Record 1 (PDF, 2 pages)", "application/pdf", "TextLayer", "one\n\f\ntwo", []);
        var viewer = ctx.Render<RecordViewer>(p => p.Add(v => v.AssignmentId, "C1-s1-0").Add(v => v.Document, document));
        viewer.FindAll("button.link").Single(b => b.TextContent.StartsWith("Show page 2", StringComparison.Ordinal)).Click();
        viewer.WaitForAssertion(() => Assert.Equal("blob:http://localhost/1#page=2", viewer.Find("iframe.viewer").GetAttribute("src")));
        Assert.Contains("page 2", viewer.Find("iframe.viewer").GetAttribute("title"));
    }

    [Fact]
    public void an_original_that_is_neither_pdf_nor_image_is_never_framed()
    {
        ctx.JSInterop.Setup<ObjectUrl?>("portal.objectUrl", _ => true).SetResult(new ObjectUrl(200, "blob:http://localhost/2", "text/html"));
        var document = new MaterialDocumentInfo("d02", "Record 2 (DICOM, 1 page)", "application/dicom", null, null, []);
        var viewer = ctx.Render<RecordViewer>(p => p.Add(v => v.AssignmentId, "C1-s1-0").Add(v => v.Document, document));
        viewer.Find("button.secondary").Click();
        viewer.WaitForAssertion(() => Assert.Contains("cannot be shown in the page", viewer.Markup));
        Assert.Empty(viewer.FindAll("iframe"));
        Assert.Empty(viewer.FindAll("img"));
    }

    [Fact]
    public void the_opinion_forms_field_errors_stand_next_to_their_fields()
    {
        api.On("POST", "api/assignments/C1-s1-0/opinion", 400,
            """{"title":"Some fields need attention.","status":400,"errors":{"diagnosis":["Required."],"confidence":["Must be a number from 0 to 1."]}}""");
        var form = ctx.Render<OpinionEditor>(p => p.Add(e => e.AssignmentId, "C1-s1-0"));
        Assert.Equal(7, form.FindAll("select#recommendationKind option").Count - 1);
        form.Find("#confidence").Change("7");
        form.Find("form").Submit();
        form.WaitForAssertion(() => Assert.Equal("true", form.Find("#diagnosis").GetAttribute("aria-invalid")));
        Assert.Contains("Required.", form.Find("#error-diagnosis").TextContent);
        Assert.Equal("error-confidence", form.Find("#confidence").GetAttribute("aria-describedby")!.Split(' ').Last());
        Assert.Equal("false", form.Find("#narrative").GetAttribute("aria-invalid"));
        Assert.Contains("\"confidence\":7", api.Bodies.Single());
    }

    [Fact]
    public void an_offer_is_shown_without_the_case_and_can_be_accepted_there()
    {
        api.On("GET", "api/assignments?status=active&pageSize=200", 200, $"[{Offer}]");
        var page = ctx.Render<AssignmentPage>(p => p.Add(x => x.AssignmentId, "C1-s1-0"));
        page.WaitForAssertion(() => page.Find("[data-test=accept]"));
        Assert.NotNull(page.Find("[data-test=decline]"));
        Assert.Contains("licensed in JP", page.Markup);
        Assert.DoesNotContain(api.Calls, c => c.EndsWith("/case", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-test=submit-opinion]"));
    }

    [Fact]
    public void after_the_opinion_the_patients_open_follow_up_question_can_be_answered()
    {
        const string completed = """
            {"id":"C1-s1-0","caseId":"C1","seatId":"s1","subspecialty":"cardiology","specialistId":"sp","status":"completed","offeredAt":"2026-12-01T06:00:00+00:00",
             "acceptBy":"2026-12-01T10:00:00+00:00","closedAt":"2026-12-01T12:00:00+00:00","revision":0,"previousOpinions":[],
             "opinion":{"agreement":"confirm","diagnosis":"AS","recommendation":"TAVR","surgeryNecessary":true,"confidence":0.7,"narrative":"Because.","answers":[],"submittedAt":"2026-12-01T12:00:00+00:00"}}
            """;
        api.On("GET", "api/assignments?status=active&pageSize=200", 200, "[]");
        api.On("GET", $"api/assignments?status=completed&month={DateTime.UtcNow:yyyy-MM}&pageSize=200", 200, $"[{completed}]");
        api.On("GET", "api/assignments/C1-s1-0/case", 200, """
            {"assignmentId":"C1-s1-0","caseId":"C1","seatId":"s1","subspecialty":"cardiology","category":"cardiac","question":"Is surgery necessary?","patientAgeYears":70,"patientJurisdiction":"US-OH",
             "documents":[],"followUpQuestions":[{"id":"fq1","question":"How long is recovery?","status":"open","askedAt":"2026-12-02T00:00:00+00:00","answerDueAt":"2099-01-01T00:00:00+00:00"}]}
            """);
        api.On("POST", "api/assignments/C1-s1-0/questions/fq1/answer", 400, """{"title":"Some fields need attention.","status":400,"errors":{"answer":["Required."]}}""");
        var page = ctx.Render<AssignmentPage>(p => p.Add(x => x.AssignmentId, "C1-s1-0"));
        page.WaitForAssertion(() => page.Find("[data-test=answer-question]"));
        Assert.Contains("Because.", page.Markup);
        Assert.Empty(page.FindAll("[data-test=submit-opinion]"));
        page.Find("[data-test=answer-question]").Click();
        page.WaitForAssertion(() => Assert.Contains("Required.", page.Find("#error-answer-fq1").TextContent));
        Assert.Equal("true", page.Find("#answer-fq1").GetAttribute("aria-invalid"));
    }

    private const string Packet = """
        {"caseId":"C9","category":"cardiac","tier":"standard","question":"Is surgery needed?","patientAgeYears":61,"patientJurisdiction":"JP-13",
         "dueAt":"2099-01-01T00:00:00+00:00","signOffDueAt":"2099-01-01T00:00:00+00:00","round":4,
         "consensus":{"concordant":false,"meanConfidence":0.6,"opinionCount":2,"dissentingSpecialists":["sp2"],"summary":"Split.","method":"director-decides"},
         "howReached":"The reviewers disagreed.",
         "opinions":[
           {"assignmentId":"C9-s1-0","seatId":"s1","subspecialty":"cardiology","specialistId":"sp1","specialistName":"Dr A","tieBreaker":false,"dissenting":false,"revision":0,
            "opinion":{"agreement":"confirm","diagnosis":"AS","recommendation":"TAVR","surgeryNecessary":true,"confidence":0.7,"narrative":"n","answers":[],"submittedAt":"2026-12-01T00:00:00+00:00"},"previousOpinions":[]},
           {"assignmentId":"C9-s2-0","seatId":"s2","subspecialty":"cardiac-surgery","specialistId":"sp2","specialistName":"Dr B","tieBreaker":true,"dissenting":true,"revision":1,
            "opinion":{"agreement":"disagree","diagnosis":"AS","recommendation":"Watch","surgeryNecessary":false,"confidence":0.5,"narrative":"n","answers":[],"submittedAt":"2026-12-01T00:00:00+00:00","recommendationKind":"surveillance"},"previousOpinions":[]}],
         "flags":["discordant","late"],"decisions":[{"id":"so3","decision":"return","directorSubject":"dir-1","note":"Why?","at":"2026-12-01T00:00:00+00:00","round":3,"raised":true}],
         "decide":["sign"]}
        """;

    [Fact]
    public void the_packet_puts_the_opinions_side_by_side_and_offers_only_the_open_decisions()
    {
        api.On("GET", "api/director/cases/C9", 200, Packet);
        api.On("GET", "api/subspecialties", 200, """[{"id":"cardiology","name":"Cardiology","categories":["cardiac"]}]""");
        api.On("POST", "api/director/cases/C9/signoff", 400,
            """{"title":"Some fields need attention.","status":400,"errors":{"note":["The reviewers could not decide this case: the signature needs the director's conclusion as its note."]}}""");
        var page = ctx.Render<Packet>(p => p.Add(x => x.CaseId, "C9"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".opinions > article").Count));
        var second = page.FindAll(".opinions > article")[1];
        Assert.Contains("tie-breaker", second.TextContent);
        Assert.Contains("dissenting", second.TextContent);
        Assert.Contains("revision 1", second.TextContent);
        Assert.Contains("Reviewers disagree", page.Markup);
        Assert.NotNull(page.Find("[data-test=sign]"));
        Assert.Empty(page.FindAll("[data-test=return]"));
        Assert.Empty(page.FindAll("[data-test=add-reviewer]"));
        Assert.Equal("true", page.Find("#note").GetAttribute("aria-required"));

        page.Find("[data-test=sign]").Click();
        page.WaitForAssertion(() => Assert.Contains("director's conclusion", page.Find("#error-note").TextContent));
        Assert.Contains("\"decision\":\"sign\"", api.Bodies.Single());
    }

    [Fact]
    public void the_recommended_faster_tier_is_offered_and_a_refusal_is_shown()
    {
        var packet = Packet.Replace("\"decide\":[\"sign\"]",
            "\"decide\":[\"sign\"],\"tierRecommendation\":{\"recommended\":\"urgent\",\"finding\":\"urgency:urgent\",\"phrase\":\"EF 20%\",\"at\":\"2026-12-01T00:00:00+00:00\",\"accepted\":false}");
        api.On("GET", "api/director/cases/C9", 200, packet);
        api.On("GET", "api/subspecialties", 200, "[]");
        api.On("POST", "api/director/cases/C9/tier", 409, """{"title":"Conflict","status":409,"detail":"The case is completed."}""");
        var page = ctx.Render<Packet>(p => p.Add(x => x.CaseId, "C9"));
        page.WaitForAssertion(() => page.Find("[data-test=raise-tier]"));
        Assert.Equal(["expedited", "urgent"], page.FindAll("#tier option").Select(o => o.GetAttribute("value")));
        Assert.Equal("urgent", page.Find("#tier").GetAttribute("value"));
        page.Find("#tier-note").Change("Agree with triage.");
        page.Find("[data-test=raise-tier]").Click();
        page.WaitForAssertion(() => Assert.Contains("The case is completed.", page.Find("#tier-problem").TextContent));
        Assert.Equal("""{"tier":"urgent","note":"Agree with triage."}""", api.Bodies.Single());
    }

    [Fact]
    public void the_queue_shows_each_case_with_its_round_and_flags_in_words()
    {
        api.On("GET", "api/director/queue?pageSize=100", 200,
            """[{"caseId":"C9","category":"cardiac","tier":"urgent","dueAt":"2099-01-01T00:00:00+00:00","signOffDueAt":"2099-01-01T00:00:00+00:00","round":2,"method":"tie-breaker","summary":"s","flags":["urgent-findings"]}]""");
        var page = ctx.Render<Queue>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-test=queue-row]")));
        var row = page.Find("[data-test=queue-row]");
        Assert.NotNull(row.QuerySelector("a[href='director/cases/C9']"));
        Assert.Contains("Urgent findings", row.QuerySelector(".badge.bad")!.TextContent);
        Assert.Contains("Tie-breaker decided", row.TextContent);
    }

    private sealed class StaticToken : IAccessTokenProvider
    {
        public ValueTask<AccessTokenResult> RequestAccessToken() => new(new AccessTokenResult(AccessTokenResultStatus.Success,
            new AccessToken { Value = "token", Expires = DateTimeOffset.MaxValue, GrantedScopes = [] }, null, null));

        public ValueTask<AccessTokenResult> RequestAccessToken(AccessTokenRequestOptions options) => RequestAccessToken();
    }

    /// <summary>Answers by method and path; records what was called and sent.</summary>
    private sealed class CannedApi : HttpMessageHandler
    {
        private readonly Dictionary<string, (int Status, string Json)> answers = [];
        public List<string> Calls { get; } = [];
        public List<string> Bodies { get; } = [];

        public void On(string method, string path, int status, string json) => answers[$"{method} {path}"] = (status, json);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = $"{request.Method} {request.RequestUri!.PathAndQuery.TrimStart('/')}";
            lock (Calls) Calls.Add(key);
            if (request.Method == HttpMethod.Post && request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (Bodies) Bodies.Add(body);
            }
            var (status, json) = answers.TryGetValue(key, out var a) ? a : (404, """{"title":"Not found","status":404}""");
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }
}
