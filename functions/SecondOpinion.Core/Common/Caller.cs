namespace SecondOpinion.Core.Common;

/// <summary>
/// Who is acting: the authenticated subject and their one role, plus where the request came from and
/// the purpose it declared (both only for the audit trail).
/// </summary>
public sealed record Caller(string Subject, string Role)
{
    public static readonly Caller System = new("system", Roles.System);

    /// <summary>A request that presented no valid token.</summary>
    public static Caller Anonymous(string? sourceAddress) => new("anonymous", Roles.None) { SourceAddress = sourceAddress };

    public string? SourceAddress { get; init; }
    public string? Purpose { get; init; }

    /// <summary>Ops and the medical director run operations; the director also signs reports.</summary>
    public bool IsOperations => Role is Roles.Ops or Roles.Director;
}
