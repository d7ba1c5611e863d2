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

    private const string Workflow = """
        {"caseId":"c0123456789abcdef","stage":"review",
         "workflow":{"instanceId":"c0123456789abcdef","runtimeStatus":"failed","createdAt":"2026-12-01T09:00:00+00:00","lastUpdatedAt":"2026-12-01T10:00:00+00:00",
                     "version":"3.0","progress":{"stage":"review","seatsTotal":2,"seatsDone":1},"failure":{"errorType":"TaskFailedException","message":"The step OfferAssignment failed."}},
         "steps":[{"at":"2026-12-01T09:30:00+00:00","stage":"review","key":"stage:review","event":"Under review."}],
         "stages":[{"stage":"intake","entered":1,"entries":3,"seconds":3600.5},{"stage":"review","entered":1,"entries":4,"seconds":120}]}
        """;

    private const string Panel = """
        {"caseId":"c0123456789abcdef","stage":"review","unfilledSubspecialties":["neuroradiology"],
         "seats":[{"seatId":"seat-1","purpose":"panel","subspecialty":"radiology","status":"accepted",
                   "currentReviewer":{"specialistId":"sp-001","name":"Dr. A","assignmentId":"c0123456789abcdef-seat-1-1","status":"accepted"},
                   "candidates":[{"rank":1,"specialistId":"sp-001","name":"Dr. A","score":0.91,"reasons":["practises radiology"],"assignmentId":"c0123456789abcdef-seat-1-1","offerStatus":"accepted","skipped":null}],
                   "offers":[{"assignmentId":"c0123456789abcdef-seat-1-1","specialistId":"sp-001","name":"Dr. A","status":"accepted","offeredAt":"2026-12-01T09:31:00+00:00","acceptBy":"2026-12-01T17:31:00+00:00","answeredAt":"2026-12-01T09:40:00+00:00","opinionDueAt":"2026-12-04T09:40:00+00:00","closedAt":null}],
                   "excluded":[{"specialistId":"sp-002","name":"Dr. B","reason":"not licensed in US-TX","code":"licence"},{"specialistId":"sp-003","name":null,"reason":"at capacity","code":"capacity"}],
                   "requestId":null,
                   "decisions":[{"occasion":"panel","decidedAt":"2026-12-01T09:30:00+00:00","subspecialty":"radiology","pick":{"rank":1,"specialistId":"sp-001","name":"Dr. A","score":0.91,"reasons":[]},
                                 "backups":[],"rankedBelowBackups":[],"excludedCount":2,"excludedByReason":[{"reason":"licence","count":1,"specialists":[{"specialistId":"sp-002","name":"Dr. B","reason":"not licensed in US-TX","code":"licence"}]}],"weighed":3,"outsideSubspecialty":40}]}],
         "unfilledDecisions":[]}
        """;

    [Fact]
    public void the_case_page_reads_the_workflow_and_the_panel_as_the_server_writes_them()
    {
        api.Respond("GET", $"api/ops/cases/{CaseId}/workflow", HttpStatusCode.OK, Workflow);
        api.Respond("GET", $"api/ops/cases/{CaseId}/panel", HttpStatusCode.OK, Panel);
        api.Respond("GET", $"api/ops/escalations?caseId={CaseId}", HttpStatusCode.OK,
            $$"""[{"id":"{{CaseId}}-workflow-failed","caseId":"{{CaseId}}","reason":"workflow-failed","detail":"The step failed.","raisedAt":"2026-12-01T10:00:00+00:00","resolved":false}]""");
        api.Respond("GET", $"api/ops/notifications?caseId={CaseId}&pageSize=100", HttpStatusCode.OK,
            $$"""[{"id":"n1","caseId":"{{CaseId}}","kind":"offer","recipient":{"audience":"specialist","id":"sp-001"},"channel":"email","status":"delivered","createdAt":"2026-12-01T09:31:00+00:00","attempts":[{"number":1,"at":"2026-12-01T09:31:01+00:00","delivered":true}],"lastError":null}]""");
        api.Respond("GET", "api/subspecialties", HttpStatusCode.OK, """[{"id":"radiology","name":"Radiology","categories":["imaging"]}]""");

        var page = ctx.Render<OpsCasePage>(p => p.Add(x => x.CaseId, CaseId));

        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("[data-test=runtime-status]").TextContent.Trim()));
        Assert.Contains("TaskFailedException", page.Find("[data-test=workflow-failure]").TextContent);
        // A failed workflow can be restarted or the case cancelled; suspend needs a running one.
        Assert.NotNull(page.Find("button[data-test=open-restart]"));
        Assert.NotNull(page.Find("button[data-test=open-cancel]"));
        Assert.Empty(page.FindAll("button[data-test=open-suspend]"));
        Assert.Equal("workflow-failed", page.Find("[data-test=escalation-row]").GetAttribute("data-escalation-kind"));
        var seat = page.Find("[data-test=seat]");
        Assert.Equal("seat-1", seat.GetAttribute("data-seat-id"));
        Assert.Contains("Radiology", seat.TextContent);
        Assert.NotNull(seat.QuerySelector("button[data-test=open-withdraw]"));
        var excluded = page.Find("[data-test=excluded]").TextContent;
        Assert.True(excluded.IndexOf("not licensed there", StringComparison.Ordinal) < excluded.IndexOf("at capacity", StringComparison.Ordinal));
        Assert.Contains("1 h 00 min", page.Find("[data-test=stage-times]").TextContent);
        Assert.Contains("stage:review", page.Find("[data-test=workflow-steps]").TextContent);
        Assert.DoesNotContain(api.Calls, c => c.Contains("X-Purpose", StringComparison.Ordinal) || c.StartsWith("GET api/cases/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task withdrawing_the_current_reviewer_posts_its_assignment()
    {
        api.Respond("GET", $"api/ops/cases/{CaseId}/workflow", HttpStatusCode.OK, Workflow);
        api.Respond("GET", $"api/ops/cases/{CaseId}/panel", HttpStatusCode.OK, Panel);
        api.Respond("POST", $"api/ops/assignments/{CaseId}-seat-1-1/withdraw", HttpStatusCode.OK, "{}");
        var page = ctx.Render<OpsCasePage>(p => p.Add(x => x.CaseId, CaseId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("button[data-test=open-withdraw]")));

        await page.Find("button[data-test=open-withdraw]").ClickAsync(new());
        page.Find("[id='seat-1-withdraw.reason']").Change("Away at short notice");
        await page.Find("form[data-action=withdraw]").SubmitAsync();

        Assert.Contains($"POST api/ops/assignments/{CaseId}-seat-1-1/withdraw", api.Calls);
        Assert.Contains("Away at short notice", api.Bodies[api.Calls.IndexOf($"POST api/ops/assignments/{CaseId}-seat-1-1/withdraw")]);
    }

    [Fact]
    public async Task the_specialist_form_shows_each_field_error_beside_its_field()
    {
        api.Respond("GET", "api/subspecialties", HttpStatusCode.OK, """[{"id":"radiology","name":"Radiology","categories":["imaging"]}]""");
        api.Respond("PUT", "api/ops/specialists/sp-101", HttpStatusCode.BadRequest,
            """{"title":"The request is invalid.","status":400,"errors":{"name":["Required, at most 200 characters."],"subspecialties":["Between 1 and 50 entries."],"timeZone":["An IANA time zone such as America/New_York or Asia/Tokyo."]}}""");
        var page = ctx.Render<SpecialistEdit>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#id")));

        page.Find("#id").Change("sp-101");
        page.Find("#timeZone").Change("Mars/Base");
        await page.Find("form").SubmitAsync();

        Assert.Equal("PUT api/ops/specialists/sp-101", api.Calls[^1]);
        Assert.Contains("Mars/Base", api.Bodies[^1]);
        Assert.Equal("true", page.Find("#name").GetAttribute("aria-invalid"));
        Assert.Equal(FieldMessagesId("timeZone") , page.Find("#timeZone").GetAttribute("aria-describedby")!.Split(' ')[^1]);
        Assert.Contains("IANA", page.Find($"#{FieldMessagesId("timeZone")}").TextContent);
        Assert.Contains("Between 1 and 50", page.Find($"#{FieldMessagesId("subspecialties")}").TextContent);
        Assert.Equal("false", page.Find("#email").GetAttribute("aria-invalid"));
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
