namespace SecondOpinion.Portal.Auth;

/// <summary>Section <c>Auth</c> of <c>wwwroot/appsettings.json</c>: public client settings, nothing secret.</summary>
public sealed class PortalAuthOptions
{
    public const string Section = "Auth";

    /// <summary>The OpenID Connect issuer. Empty: the development issuer of the host that serves the portal.</summary>
    public string? Authority { get; set; }

    /// <summary>The portal's client id (its Entra ID app registration, a single-page application).</summary>
    public string ClientId { get; set; } = "secondopinion-portal";

    /// <summary>The API's scope (Entra ID: <c>api://…/user_impersonation</c>); empty for the development issuer.</summary>
    public string? ApiScope { get; set; }

    public string RoleClaim { get; set; } = "roles";

    public string NameClaim { get; set; } = "name";
}
