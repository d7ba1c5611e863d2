using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;

namespace SecondOpinion.Portal.Auth;

/// <summary>The access token for the few calls made from JavaScript (uploads with progress, files as object URLs).</summary>
public sealed class ApiTokenSource(IAccessTokenProvider tokens, NavigationManager navigation, SessionState session)
{
    /// <summary>The token, or null after sending the person to sign in again (their place is kept as the return URL).</summary>
    public async Task<string?> GetAsync()
    {
        var result = await tokens.RequestAccessToken();
        if (result.TryGetToken(out var token)) return token.Value;
        session.MarkExpired();
        navigation.NavigateToLogin(result.InteractiveRequestUrl ?? "authentication/login", result.InteractionOptions ?? new InteractiveRequestOptions { Interaction = InteractionType.SignIn, ReturnUrl = navigation.Uri });
        return null;
    }
}
