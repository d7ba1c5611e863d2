namespace SecondOpinion.Core.SignOff;

/// <summary>What the medical director does with a draft report.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SignOffDecision>))]
public enum SignOffDecision
{
    /// <summary>The report is right: it is signed and reaches the patient and the referring hospital.</summary>
    Sign,
    /// <summary>Back to the panel with a question; the reviewers may revise their opinions.</summary>
    Return,
    /// <summary>Another reviewer is needed before the director signs.</summary>
    AddReviewer,
}

/// <summary>One decision of the medical director, kept on the case. The note is clinical text: store only.</summary>
/// <param name="Round">The sign-off round it closed (1 for the first draft).</param>
/// <param name="Raised">The workflow was told (a repeated request then changes nothing).</param>
public sealed record SignOffRecord(string Id, SignOffDecision Decision, string DirectorSubject, string? Note, string? Subspecialty, DateTimeOffset At, int Round, bool Raised = false);

/// <summary>One decision per sign-off round, named by it: "so1", "so2", ….</summary>
public static class SignOffDecisionIds
{
    public static string For(int round) => $"so{round}";
}

/// <summary>The body of <c>POST /api/director/cases/{caseId}/signoff</c> as sent.</summary>
public sealed record SignOffRequest(string? Decision, string? Note, string? Subspecialty);

/// <summary>The body of <c>POST /api/director/cases/{caseId}/tier</c>: the faster tier the director agrees to.</summary>
public sealed record TierRaiseRequest(string? Tier, string? Note);

/// <summary>A physician who may sign reports: the token subject, and the name and credentials the report prints.</summary>
public sealed record MedicalDirector
{
    public string Subject { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Credentials { get; init; }
}

/// <summary>Section <c>SignOff</c>: who may sign, and how many rounds a draft may go before it can only be signed.</summary>
public sealed record SignOffPolicy
{
    public List<MedicalDirector> Directors { get; init; } = [];
    public int MaxRounds { get; init; } = 4;

    public MedicalDirector? Find(string subject) => Directors.FirstOrDefault(d => string.Equals(d.Subject, subject, StringComparison.Ordinal));
}
