using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Review;

// Written by name in workflow history as well (the durable engine's serializer has no enum converter of its own).
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AssignmentStatus>))]
public enum AssignmentStatus { Offered, Accepted, Declined, Expired, Reassigned, Completed, Withdrawn }

public enum Agreement { Confirm, Modify, Disagree }

/// <summary>What the reviewer recommends, in one of the kinds tumour boards and heart teams decide between.</summary>
public enum RecommendationKind { Surgery, Procedure, MedicalTherapy, Radiation, Surveillance, MoreTests, NoTreatment }

public sealed record Opinion(
    Agreement Agreement,
    string Diagnosis,
    string Recommendation,
    bool SurgeryNecessary,
    double Confidence,
    string Narrative,
    IReadOnlyList<string> Answers,
    DateTimeOffset SubmittedAt)
{
    /// <summary>As given; opinions from before it existed (or without it) have none.</summary>
    public RecommendationKind? RecommendationKind { get; init; }

    /// <summary>The kind to compare opinions on: as given, else from <see cref="SurgeryNecessary"/>. Derived, so not stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RecommendationKind Kind => RecommendationKind ?? (SurgeryNecessary ? Review.RecommendationKind.Surgery : Review.RecommendationKind.MedicalTherapy);
}

/// <summary>One reviewer on one panel seat of one case. Stored with the case's partition key.</summary>
public sealed record Assignment
{
    public required string Id { get; init; }
    public required string CaseId { get; init; }
    public required string SeatId { get; init; }
    public required string Subspecialty { get; init; }
    public required string SpecialistId { get; init; }
    public required AssignmentStatus Status { get; init; }
    public required DateTimeOffset OfferedAt { get; init; }
    public required DateTimeOffset AcceptBy { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? OpinionDueAt { get; init; }
    public Opinion? Opinion { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public IReadOnlyList<string> MatchReasons { get; init; } = [];

    /// <summary>The workflow was told of the answer / the opinion (a repeated call then changes nothing).</summary>
    public bool AnswerRaised { get; init; }
    public bool OpinionRaised { get; init; }
    /// <summary>The workflow was told operations withdrew this accepted review.</summary>
    public bool WithdrawalRaised { get; init; }

    /// <summary>0 for the first opinion; n after the medical director returned the report n times and the seat was reopened.</summary>
    public int Revision { get; init; }
    /// <summary>The sign-off decision that reopened the opinion (so a retried reopen changes nothing).</summary>
    public string? ReopenedFor { get; init; }
    /// <summary>When the assignment had closed before it was reopened (its row leaves that month's list).</summary>
    public DateTimeOffset? PreviousClosedAt { get; init; }
    /// <summary>Opinions given before a revision, oldest first: nothing a reviewer said is lost.</summary>
    public IReadOnlyList<Opinion> PreviousOpinions { get; init; } = [];

    public bool IsActive => Status is AssignmentStatus.Offered or AssignmentStatus.Accepted;

    /// <summary>Deterministic, so orchestrator replays and activity retries name the same assignment.</summary>
    public static string MakeId(string caseId, string seatId, int attempt) => $"{caseId}-{seatId}-{attempt}";
}

/// <summary>The body of <c>POST /api/assignments/{id}/opinion</c> as sent.</summary>
public sealed record OpinionRequest(string? Agreement, string? Diagnosis, string? Recommendation, bool? SurgeryNecessary, double? Confidence, string? Narrative, IReadOnlyList<string>? Answers,
    string? RecommendationKind = null);

public static class OpinionValidator
{
    public static (Opinion? Opinion, ValidationErrors Errors) Validate(OpinionRequest? request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (request is null) { errors.Add("body", "A JSON body is required."); return (null, errors); }
        Agreement agreement = default;
        if (!Common.EnumNames.TryParse(request.Agreement, out agreement))
            errors.Add("agreement", "Must be one of: confirm, modify, disagree.");
        RecommendationKind? kind = null;
        if (request.RecommendationKind is { } givenKind)
        {
            var wanted = givenKind.Trim().ToLowerInvariant();
            var known = Enum.GetValues<RecommendationKind>().Where(k => Common.EnumNames.Of(k) == wanted).ToList();
            if (known.Count == 1) kind = known[0];
            else errors.Add("recommendationKind", $"One of: {string.Join(", ", Enum.GetValues<RecommendationKind>().Select(Common.EnumNames.Of))}.");
        }
        Text(errors, "diagnosis", request.Diagnosis, required: true);
        Text(errors, "recommendation", request.Recommendation, required: true);
        if (request.SurgeryNecessary is null) errors.Add("surgeryNecessary", "Required: true or false.");
        if (request.Confidence is not { } c || double.IsNaN(c) || c < 0 || c > 1) errors.Add("confidence", "Must be a number from 0 to 1.");
        Text(errors, "narrative", request.Narrative, required: true, max: 20000);
        var answers = request.Answers ?? [];
        if (answers.Count > 20) errors.Add("answers", "At most 20 answers.");
        if (answers.Any(a => a is null || a.Length > 4000)) errors.Add("answers", "Each answer must be text of at most 4000 characters.");
        if (errors.Any) return (null, errors);
        return (new Opinion(agreement, request.Diagnosis!.Trim(), request.Recommendation!.Trim(), request.SurgeryNecessary!.Value,
            request.Confidence!.Value, request.Narrative!.Trim(), answers.Select(a => a.Trim()).ToList(), now) { RecommendationKind = kind }, errors);
    }

    private static void Text(ValidationErrors errors, string field, string? value, bool required, int max = 4000)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) errors.Add(field, "Required."); return; }
        if (value.Length > max) errors.Add(field, $"Must be at most {max} characters.");
    }
}
