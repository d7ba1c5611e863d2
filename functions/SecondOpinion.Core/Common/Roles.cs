namespace SecondOpinion.Core.Common;

/// <summary>The roles a token can carry (Entra ID app roles in Azure, the development issuer locally).</summary>
public static class Roles
{
    public const string Patient = "patient";
    public const string Hospital = "hospital";
    public const string Specialist = "specialist";
    public const string Director = "director";
    public const string Ops = "ops";

    /// <summary>The workflow itself (activities), never a token.</summary>
    public const string System = "system";

    /// <summary>No valid token.</summary>
    public const string None = "none";

    public static readonly string[] Known = [Patient, Hospital, Specialist, Director, Ops];

    public static bool IsKnown(string? role) => role is not null && Known.Contains(role, StringComparer.Ordinal);
}
