using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using SecondOpinion.Portal.Api;
using SecondOpinion.Portal.Auth;
using SecondOpinion.Portal.Localization;

namespace SecondOpinion.Portal;

/// <summary>The portal's composition, written once: sign-in, the API client, the language.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration, string baseAddress)
    {
        var auth = configuration.GetSection(PortalAuthOptions.Section).Get<PortalAuthOptions>() ?? new PortalAuthOptions();
        // Authorization code with PKCE, the flow for a public client: Entra ID in Azure, the local
        // host's development issuer (same origin) when no authority is configured.
        services.AddOidcAuthentication(o =>
        {
            o.ProviderOptions.Authority = string.IsNullOrWhiteSpace(auth.Authority) ? baseAddress.TrimEnd('/') : auth.Authority;
            o.ProviderOptions.ClientId = auth.ClientId;
            o.ProviderOptions.ResponseType = "code";
            o.ProviderOptions.DefaultScopes.Clear();
            o.ProviderOptions.DefaultScopes.Add("openid");
            o.ProviderOptions.DefaultScopes.Add("profile");
            if (!string.IsNullOrWhiteSpace(auth.ApiScope)) o.ProviderOptions.DefaultScopes.Add(auth.ApiScope);
            o.ProviderOptions.PostLogoutRedirectUri = baseAddress;
            o.UserOptions.RoleClaim = auth.RoleClaim;
            o.UserOptions.NameClaim = auth.NameClaim;
        }).AddAccountClaimsPrincipalFactory<ArrayClaimsPrincipalFactory>();

        services.AddScoped<SessionState>();
        services.AddScoped<ApiTokenSource>();
        services.AddScoped(sp =>
        {
            var handler = sp.GetRequiredService<AuthorizationMessageHandler>().ConfigureHandler(
                authorizedUrls: [baseAddress], scopes: string.IsNullOrWhiteSpace(auth.ApiScope) ? null : [auth.ApiScope]);
            handler.InnerHandler = new HttpClientHandler();
            return new PortalApi(new HttpClient(handler) { BaseAddress = new Uri(baseAddress) }, sp.GetRequiredService<SessionState>());
        });

        services.AddLocalization();
        services.AddScoped<PortalLanguage>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
