using SecondOpinion.Portal.Api;

namespace SecondOpinion.Portal.Ops;

/// <summary>What ops typed into an action's form.</summary>
public sealed record OpsActionInput(string? Text, string? SeatId = null, string? AssignmentId = null, string? SpecialistId = null, string? Subspecialty = null);

/// <summary>One POST to the operations API: its path (relative, escaped) and its JSON body.</summary>
public sealed record OpsCall(string Path, object Body);

public sealed record ReasonBody(string? Reason);

public sealed record ResolveBody(string? Resolution);

public sealed record ReassignSeatBody(string? SpecialistId, string? Reason);

public sealed record AddSeatBody(string? Subspecialty, string? SpecialistId, string? Reason);

/// <summary>
/// The request each action sends. Blank text is sent as absent so the API names the missing field
/// (it validates; the portal does not). Only what belongs in the path and is not chosen yet (the seat,
/// the assignment) is refused here, under the form's own field name.
/// </summary>
public static class OpsRequests
{
    /// <summary>The text field's JSON name: the reason, or the resolution of an escalation.</summary>
    public static string TextField(OpsAction action) => action == OpsAction.Resolve ? "resolution" : "reason";

    public static (OpsCall? Call, ApiProblem? Missing) Build(OpsAction action, string? caseId, string? escalationId, OpsActionInput input)
    {
        var text = Blank(input.Text);
        string Case() => $"api/ops/cases/{Uri.EscapeDataString(caseId ?? "")}";
        switch (action)
        {
            case OpsAction.Resolve:
                return string.IsNullOrWhiteSpace(escalationId) ? (null, Missing("escalationId", "Choose the escalation."))
                    : (new OpsCall($"api/ops/escalations/{Uri.EscapeDataString(escalationId)}/resolve", new ResolveBody(text)), null);
            case OpsAction.ReassignSeat:
                if (Blank(input.SeatId) is not { } seat) return (null, Missing("seatId", "Choose the seat."));
                return (new OpsCall($"{Case()}/seats/{Uri.EscapeDataString(seat)}/reassign", new ReassignSeatBody(Blank(input.SpecialistId), text)), null);
            case OpsAction.AddSeat:
                return (new OpsCall($"{Case()}/seats", new AddSeatBody(Blank(input.Subspecialty), Blank(input.SpecialistId), text)), null);
            case OpsAction.WithdrawAssignment:
                if (Blank(input.AssignmentId) is not { } assignment) return (null, Missing("assignmentId", "Choose the assignment."));
                return (new OpsCall($"api/ops/assignments/{Uri.EscapeDataString(assignment)}/withdraw", new ReasonBody(text)), null);
            default:
                return (new OpsCall($"{Case()}/{Verb(action)}", new ReasonBody(text)), null);
        }
    }

    /// <summary>The case route's last segment for the workflow actions.</summary>
    public static string Verb(OpsAction action) => action switch
    {
        OpsAction.Restart => "restart",
        OpsAction.Cancel => "cancel",
        OpsAction.Suspend => "suspend",
        OpsAction.Resume => "resume",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a workflow action."),
    };

    /// <summary>The button's words (English; the key of the localized text).</summary>
    public static string Label(OpsAction action) => action switch
    {
        OpsAction.Resolve => "Resolve",
        OpsAction.ReassignSeat => "Reassign the seat",
        OpsAction.AddSeat => "Add a seat",
        OpsAction.WithdrawAssignment => "Withdraw the assignment",
        OpsAction.Restart => "Restart the workflow",
        OpsAction.Cancel => "Cancel the case",
        OpsAction.Suspend => "Suspend the workflow",
        OpsAction.Resume => "Resume the workflow",
        _ => action.ToString(),
    };

    /// <summary>The action's stable hook for browser tests (<c>data-test</c>).</summary>
    public static string TestId(OpsAction action) => action switch
    {
        OpsAction.Resolve => "resolve",
        OpsAction.ReassignSeat => "reassign-seat",
        OpsAction.AddSeat => "add-seat",
        OpsAction.WithdrawAssignment => "withdraw",
        _ => Verb(action),
    };

    private static ApiProblem Missing(string field, string message) =>
        new(400, "Some fields need attention.", null, new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { [field] = [message] });

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Several forms on one page: each form's field names (and so its ids) carry the form's prefix.</summary>
public static class ProblemScope
{
    public static string Name(string prefix, string field) => $"{prefix}.{field}";

    /// <summary>The problem with its field errors renamed into the form's scope (<c>reason</c> → <c>{prefix}.reason</c>).</summary>
    public static ApiProblem? Within(ApiProblem? problem, string prefix) => problem is null ? null
        : problem with { Errors = problem.Errors.ToDictionary(e => Name(prefix, e.Key), e => e.Value, StringComparer.OrdinalIgnoreCase) };
}

/// <summary>Lists typed as comma-separated text ("US-CA, US-NY").</summary>
public static class ListText
{
    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>One entry a line, for entries that may hold commas themselves (board certifications).</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    public static string Join(IEnumerable<string>? values) => string.Join(", ", values ?? []);
}
