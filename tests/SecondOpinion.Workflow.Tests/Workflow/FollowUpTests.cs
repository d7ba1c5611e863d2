using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.FollowUp;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Workflow;

/// <summary>Follow-up questions after the signed report, on the in-memory durable engine, with answer windows of seconds.</summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private WorkflowHarness harness = null!;

    public async Task InitializeAsync() => harness = await WorkflowHarness.StartAsync(settings: new Dictionary<string, string?>
    {
        ["FollowUps:AnswerWindow"] = "00:00:04",
        ["FollowUps:MaxQuestions"] = "3",
    });

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<string> SignedCaseAsync()
    {
        var caseId = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis; proposed valve replacement.");
        await harness.StartAsync(caseId, WorkflowHarness.Patient());
        await harness.ReviewUntilCompletedAsync(caseId);
        return caseId;
    }

    private async Task<OrchestrationMetadata> FollowUpDoneAsync(string caseId, string questionId) =>
        await harness.Client.WaitForInstanceCompletionAsync(FollowUpInstance.IdFor(caseId, questionId), getInputsAndOutputs: true,
            new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

    [Fact]
    public async Task a_follow_up_question_goes_to_the_panel_and_its_answer_becomes_a_signed_addendum()
    {
        var caseId = await SignedCaseAsync();
        var asked = Assert.IsType<Outcome<FollowUpView>.Ok>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId,
            new FollowUpQuestionRequest("How soon should the valve be replaced?"))).Value;
        Assert.Equal("q1", asked.Id);

        var notifications = harness.Services.GetRequiredService<INotificationRepository>();
        var sent = await harness.EventuallyAsync(async () => (await notifications.ForCaseAsync(caseId, new PageRequest(100))).Items,
            list => list.Count(n => n.Kind == NotificationKind.FollowupQuestion) == 2, what: "the panel told of the question");
        Assert.All(sent.Where(n => n.Kind == NotificationKind.FollowupQuestion), n => Assert.DoesNotContain("valve", n.Body, StringComparison.OrdinalIgnoreCase));

        var reviewer = (await harness.AssignmentsAsync(caseId)).First(a => a.Status == AssignmentStatus.Completed);
        var materials = Assert.IsType<Outcome<CaseMaterials>.Ok>(await harness.Specialists.GetMaterialsAsync(WorkflowHarness.SpecialistCaller(reviewer.SpecialistId), reviewer.Id)).Value;
        Assert.Equal("How soon should the valve be replaced?", Assert.Single(materials.FollowUpQuestions).Question);
        var answered = await harness.FollowUps.AnswerAsync(WorkflowHarness.SpecialistCaller(reviewer.SpecialistId), reviewer.Id, "q1",
            new FollowUpAnswerRequest("Within three months, given the symptoms."));
        Assert.IsType<Outcome<FollowUpView>.Ok>(answered);

        var result = (await FollowUpDoneAsync(caseId, "q1")).ReadOutputAs<FollowUpResult>()!;
        Assert.Equal("answered", result.Outcome);
        Assert.Equal(2, result.AddendumVersion);
        var done = await harness.Cases.GetAsync(caseId);
        Assert.Equal([ReportVersionKind.Signed, ReportVersionKind.Addendum], done.ReportVersions.Select(v => v.Kind));
        var current = await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, BlobLayout.ReportJson(caseId));
        Assert.Contains("Within three months, given the symptoms.", current);
        Assert.Contains("Dr. Director Test", current);
        // The first signed version is kept as it was.
        Assert.DoesNotContain("Within three months", await harness.Files.ReadTextAsync(BlobLayout.ReportsContainer, done.ReportVersions[0].Files.JsonPath));
        Assert.Contains((await notifications.ForCaseAsync(caseId, new PageRequest(100))).Items, n => n.Kind == NotificationKind.FollowupAnswer);

        // A second, different answer is refused; the same one again changes nothing.
        Assert.IsType<Outcome<FollowUpView>.Conflict>(await harness.FollowUps.AnswerAsync(WorkflowHarness.SpecialistCaller(reviewer.SpecialistId), reviewer.Id, "q1",
            new FollowUpAnswerRequest("Something else.")));
    }

    [Fact]
    public async Task an_unanswered_question_is_reminded_escalated_and_then_marked_unanswered()
    {
        var caseId = await SignedCaseAsync();
        await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId, new FollowUpQuestionRequest("Can I fly next month?"));

        var result = (await FollowUpDoneAsync(caseId, "q1")).ReadOutputAs<FollowUpResult>()!;
        Assert.Equal("unanswered", result.Outcome);
        var reasons = (await harness.Escalations.ForCaseAsync(caseId)).Select(e => e.Reason).ToList();
        Assert.Contains(EscalationReasons.FollowUpOverdue, reasons);
        Assert.Contains(EscalationReasons.FollowUpUnanswered, reasons);
        var closed = await harness.Cases.GetAsync(caseId);
        Assert.Equal(FollowUpStatus.Unanswered, closed.FollowUps.Single().Status);
        Assert.Contains(closed.Timeline, t => t.Key == "followup:q1:reminder");
    }

    [Fact]
    public async Task questions_open_only_once_the_report_is_signed_and_stop_at_three()
    {
        var waiting = await harness.CreateCaseAsync("cardiac", "Is valve replacement needed?", "Severe aortic stenosis.");
        Assert.IsType<Outcome<FollowUpView>.Conflict>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), waiting, new FollowUpQuestionRequest("Anything yet?")));

        var caseId = await SignedCaseAsync();
        Assert.Contains("question", Assert.IsType<Outcome<FollowUpView>.Invalid>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId, new FollowUpQuestionRequest("  "))).Errors.Keys);
        Assert.IsType<Outcome<FollowUpView>.NotFound>(await harness.FollowUps.AskAsync(new Caller("patient-2", Roles.Patient), caseId, new FollowUpQuestionRequest("Not my case?")));
        for (var i = 1; i <= 3; i++)
            Assert.Equal($"q{i}", Assert.IsType<Outcome<FollowUpView>.Ok>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId, new FollowUpQuestionRequest($"Question {i}?"))).Value.Id);
        // The same question again is the same question; a fourth is refused.
        Assert.Equal("q2", Assert.IsType<Outcome<FollowUpView>.Ok>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId, new FollowUpQuestionRequest("Question 2?"))).Value.Id);
        Assert.IsType<Outcome<FollowUpView>.Conflict>(await harness.FollowUps.AskAsync(WorkflowHarness.PatientCaller(), caseId, new FollowUpQuestionRequest("Question 4?")));
        Assert.Equal(3, (await harness.Cases.GetAsync(caseId)).FollowUps.Count);
    }
}
