using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication.Internal;

namespace SecondOpinion.Portal.Auth;

/// <summary>
/// Turns array claims in the ID token (Entra ID's and the development issuer's <c>roles</c>) into one
/// claim per value: the default factory keeps the array as one JSON string, and no role would match.
/// </summary>
public sealed class ArrayClaimsPrincipalFactory(IAccessTokenProviderAccessor accessor) : AccountClaimsPrincipalFactory<RemoteUserAccount>(accessor)
{
    public override async ValueTask<ClaimsPrincipal> CreateUserAsync(RemoteUserAccount account, RemoteAuthenticationUserOptions options)
    {
        var user = await base.CreateUserAsync(account, options);
        if (user.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return user;
        foreach (var (name, value) in account.AdditionalProperties)
        {
            if (value is not JsonElement { ValueKind: JsonValueKind.Array } array) continue;
            foreach (var claim in identity.FindAll(name).ToList()) identity.RemoveClaim(claim);
            foreach (var item in array.EnumerateArray()) identity.AddClaim(new Claim(name, item.ToString()));
        }
        return user;
    }
}
