namespace SecondOpinion.Core.FollowUp;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<FollowUpStatus>))]
public enum FollowUpStatus { Open, Answered, Unanswered }

/// <summary>
/// A patient's question after the report was signed, answered by a reviewer of the panel and added to
/// the report as a signed addendum. Question and answer are clinical text: store only.
/// </summary>
public sealed record FollowUpQuestion
{
    /// <summary>"q1", "q2", "q3": in the order asked.</summary>
    public required string Id { get; init; }
    public required string Text { get; init; }
    public required string AskedBy { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
    public DateTimeOffset? AnswerDueAt { get; init; }
    public FollowUpStatus Status { get; init; } = FollowUpStatus.Open;
    public string? Answer { get; init; }
    /// <summary>The reviewer who answered (a specialist id) and signed the addendum.</summary>
    public string? AnsweredBy { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The report version that added the answer.</summary>
    public int? AddendumVersion { get; init; }
    /// <summary>The follow-up workflow was started / told of the answer (a repeated call then changes nothing).</summary>
    public bool Started { get; init; }
    public bool AnswerRaised { get; init; }
}

/// <summary>The body of <c>POST /api/cases/{caseId}/questions</c>.</summary>
public sealed record FollowUpQuestionRequest(string? Question);

/// <summary>The body of <c>POST /api/assignments/{id}/questions/{questionId}/answer</c>.</summary>
public sealed record FollowUpAnswerRequest(string? Answer);

/// <summary>Section <c>FollowUps</c>: how many questions a patient may ask, for how long after signing, and how long the panel has to answer.</summary>
public sealed record FollowUpPolicy
{
    public int MaxQuestions { get; init; } = 3;
    /// <summary>From the first signing of the report.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan AnswerWindow { get; init; } = TimeSpan.FromDays(3);
    public double ReminderAt { get; init; } = 0.5;
}
