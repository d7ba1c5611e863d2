using System.Net;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Auth;
using SecondOpinion.Portal.Ops;

namespace SecondOpinion.Portal.Tests;

/// <summary>The operations pages rendered against a stub API: their hooks, their forms, and the API's problems beside the fields.</summary>
public sealed class OpsPagesTests : IDisposable
{
    private const string CaseId = "c0123456789abcdef";
    private readonly BunitContext ctx = new();
    private readonly StubApi api = new();

    public OpsPagesTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton(new PortalApi(new HttpClient(api) { BaseAddress = new Uri("http://portal.test/") }, new SessionState()));
    }

    public void Dispose() => ctx.Dispose();

    private static EscalationView Escalation(string id, string reason) => new(id, CaseId, reason, "Offer was not answered in time.", DateTimeOffset.UtcNow.AddHours(-2));

    [Fact]
    public void an_escalation_row_carries_its_kind_and_the_actions_its_reason_calls_for()
    {
        var row = ctx.Render<EscalationItem>(p => p.Add(x => x.Escalation, Escalation($"{CaseId}-seat-1-2-unanswered", "offer-unanswered")));

        var li = row.Find("[data-test=escalation-row]");
        Assert.Equal("offer-unanswered", li.GetAttribute("data-escalation-kind"));
        Assert.NotNull(row.Find("button[data-test=resolve]"));
        Assert.NotNull(row.Find("button[data-test=open-reassign-seat]"));
        Assert.Empty(row.FindAll("button[data-test=open-restart]"));
        Assert.NotNull(row.Find($"a[href='ops/cases/{CaseId}']"));
    }

    [Fact]
    public async Task reassigning_from_the_queue_posts_to_the_seat_the_id_names_and_shows_the_apis_problem_beside_the_field()
    {
        api.Respond("POST", $"api/ops/cases/{CaseId}/seats/seat-1/reassign", HttpStatusCode.BadRequest,
            """{"title":"The request is invalid.","status":400,"errors":{"specialistId":["Name the specialist (specialistId)."],"reason":["Say why (required, at most 500 characters)."]}}""");
        var row = ctx.Render<EscalationItem>(p => p.Add(x => x.Escalation, Escalation($"{CaseId}-seat-1-2-unanswered", "offer-unanswered")));

        await row.Find("button[data-test=open-reassign-seat]").ClickAsync(new());
        var form = row.Find("form[data-action=reassign-seat]");
        Assert.Contains("seat-1", form.TextContent);
        await form.SubmitAsync();

        Assert.Equal($"POST api/ops/cases/{CaseId}/seats/seat-1/reassign", api.Calls[^1]);
        var prefix = $"esc-{CaseId}-seat-1-2-unanswered-reassign-seat";
        var reason = row.Find($"[id='{prefix}.reason']");
        Assert.Equal("true", reason.GetAttribute("aria-invalid"));
        var describedBy = reason.GetAttribute("aria-describedby")!.Split(' ');
        Assert.All(describedBy, id => Assert.NotNull(row.Find($"[id='{id}']")));
        Assert.Contains("Say why", row.Find($"[id='{FieldMessagesId(prefix + ".reason")}']").TextContent);
        Assert.Contains("Name the specialist", row.Find($"[id='{FieldMessagesId(prefix + ".specialistId")}']").TextContent);
    }

    [Fact]
    public async Task resolving_sends_the_resolution_and_tells_the_page()
    {
        api.Respond("POST", $"api/ops/escalations/{CaseId}-sla-breached/resolve", HttpStatusCode.OK, "{}");
        var done = 0;
        var row = ctx.Render<EscalationItem>(p => p
            .Add(x => x.Escalation, Escalation($"{CaseId}-sla-breached", "sla-breached"))
            .Add(x => x.Done, () => done++));

        row.Find($"[id='esc-{CaseId}-sla-breached-resolve.resolution']").Change("Reviewer called; opinion in today.");
        await row.Find("form[data-action=resolve]").SubmitAsync();

        Assert.Equal($"POST api/ops/escalations/{CaseId}-sla-breached/resolve", api.Calls[^1]);
        Assert.Contains("Reviewer called", api.Bodies[^1]);
        Assert.Equal(1, done);
        Assert.NotNull(row.Find("[role=status]"));
    }

    [Fact]
    public void a_resolved_escalation_offers_no_actions()
    {
        var row = ctx.Render<EscalationItem>(p => p.Add(x => x.Escalation,
            Escalation($"{CaseId}-sla-at-risk", "sla-at-risk") with { Resolved = true, ResolvedBy = "ops-1", Resolution = "done", ResolvedAt = DateTimeOffset.UtcNow }));
        Assert.Empty(row.FindAll("form"));
        Assert.Contains("done", row.Markup);
    }

    [Fact]
    public void the_quarantine_page_says_so_when_the_server_has_no_such_list()
    {
        api.Respond("GET", "api/ops/quarantine?pageSize=50", HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""");
        var page = ctx.Render<Quarantine>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-test=quarantine-not-available]")));
    }

    [Fact]
    public void the_quarantine_page_lists_the_servers_batches()
    {
        api.Respond("GET", "api/ops/quarantine?pageSize=50", HttpStatusCode.OK,
            """[{"hospitalId":"h-1","batchId":"b0123456789abcdef","quarantinedAt":"2026-12-01T09:00:00+00:00","reason":"checksum-mismatch","detail":"d","files":2,"bytes":10}]""");
        var page = ctx.Render<Quarantine>();
        page.WaitForAssertion(() => Assert.Equal("b0123456789abcdef", page.Find("[data-test=quarantine-row]").GetAttribute("data-batch-id")));
        Assert.NotNull(page.Find("a[href='ops/escalations?caseId=b0123456789abcdef']"));
    }

    [Fact]
    public void the_board_shows_each_cases_deadline_state_in_words()
    {
        var due = DateTimeOffset.UtcNow.AddMinutes(-5);
        api.Respond("GET", "api/ops/cases?pageSize=50", HttpStatusCode.OK,
            $$"""[{"id":"{{CaseId}}","source":"patient","stage":"review","tier":"urgent","createdAt":"{{due.AddDays(-1):o}}","dueAt":"{{due:o}}","late":true,"documents":2,"completedAt":null}]""");
        var page = ctx.Render<CasesBoard>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-test=case-row]")));
        Assert.Equal("breached", page.Find("[data-test=clock-state]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-test=late]"));
        Assert.NotNull(page.Find($"a[href='ops/cases/{CaseId}']"));
    }

    private static string FieldMessagesId(string field) => SecondOpinion.Portal.Shared.FieldMessages.IdFor(field);

    /// <summary>Answers by method and path; 404 for anything not set up. Records what was sent.</summary>
    private sealed class StubApi : HttpMessageHandler
    {
        private readonly Dictionary<string, (HttpStatusCode Status, string Body)> answers = new();
        public List<string> Calls { get; } = [];
        public List<string> Bodies { get; } = [];

        public void Respond(string method, string pathAndQuery, HttpStatusCode status, string body) => answers[$"{method} {pathAndQuery}"] = (status, body);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = $"{request.Method} {request.RequestUri!.PathAndQuery.TrimStart('/')}";
            Calls.Add(key);
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            var (status, body) = answers.TryGetValue(key, out var a) ? a : (HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""");
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, status == HttpStatusCode.OK ? "application/json" : "application/problem+json") };
        }
    }
}
