using System.Security.Claims;

namespace SecondOpinion.Portal.Auth;

/// <summary>The API's roles, and where each person starts in the portal.</summary>
public static class PortalRoles
{
    public const string Patient = "patient";
    public const string Hospital = "hospital";
    public const string Specialist = "specialist";
    public const string Director = "director";
    public const string Ops = "ops";

    public static string? RoleOf(ClaimsPrincipal user) =>
        new[] { Patient, Hospital, Specialist, Director, Ops }.FirstOrDefault(user.IsInRole);

    public static string HomeOf(string? role) => role switch
    {
        Patient or Hospital => "cases",
        Specialist => "assignments",
        Director => "director",
        Ops => "ops",
        _ => "",
    };

    public static string SubjectOf(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? "";
}
