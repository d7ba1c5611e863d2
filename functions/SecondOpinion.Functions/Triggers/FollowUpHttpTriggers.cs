using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SecondOpinion.Http.Api;

namespace SecondOpinion.Functions.Triggers;

/// <summary>Follow-up question routes.</summary>
public static class FollowUpHttpTriggers
{
    [Function(nameof(AskFollowUp))]
    public static Task AskFollowUp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/questions")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => FollowUpsApi.Ask(http, caseId));

    [Function(nameof(ListFollowUps))]
    public static Task ListFollowUps(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/questions")] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => FollowUpsApi.List(http, caseId));

    [Function(nameof(AnswerFollowUp))]
    public static Task AnswerFollowUp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assignments/{id}/questions/{questionId}/answer")] HttpRequest req, string id, string questionId,
        [DurableClient] DurableTaskClient client, FunctionContext context) =>
        FunctionHttp.RunAsync(req, client, context, http => FollowUpsApi.Answer(http, id, questionId));
}
