using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Common;
using SecondOpinion.Http.Auth;
using SecondOpinion.Hosting;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Contract;

/// <summary>
/// The Functions app cannot run here; its authentication middleware calls
/// <see cref="BearerAuthentication.AuthenticateAsync"/> over the Functions composition (no
/// development issuer, an explicit authority). This runs exactly that, against the local host's
/// issuer metadata standing in for Entra ID.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsAuthenticationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task the_functions_composition_authenticates_through_the_authoritys_metadata()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = host.Host!.BaseAddress.ToString().TrimEnd('/'),
            ["Storage:ConnectionString"] = azurite.ConnectionString,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSecondOpinion(configuration).BuildServiceProvider(validateScopes: true);

        // As in the Functions app: every invocation has its own DI scope (the handler remembers its request's result).
        async Task<HttpContext> AuthenticateAsync(string? token)
        {
            var scope = services.CreateScope();
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            if (token is not null) http.Request.Headers.Authorization = $"Bearer {token}";
            await BearerAuthentication.AuthenticateAsync(http);
            return http;
        }

        var ok = await AuthenticateAsync(await host.TokenAsync("sp-001", Roles.Specialist));
        Assert.True(ok.User.Identity?.IsAuthenticated);
        Assert.True(ok.User.IsInRole(Roles.Specialist));
        Assert.Equal("sp-001", ok.User.Identity!.Name);

        var good = await host.TokenAsync("sp-001", Roles.Specialist);
        var forgedToken = good[..good.LastIndexOf('.')] + "." + new string('A', 86);
        var forged = await AuthenticateAsync(forgedToken);
        Assert.False(forged.User.Identity?.IsAuthenticated);
        Assert.Equal("invalid-signature", BearerAuthentication.FailureReason(forged));

        var none = await AuthenticateAsync(null);
        Assert.False(none.User.Identity?.IsAuthenticated);
        Assert.Null(BearerAuthentication.FailureReason(none));
    }

    [Fact]
    public void the_functions_composition_refuses_to_start_without_an_authority()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        using var services = new ServiceCollection().AddLogging().AddSecondOpinion(configuration).BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value);
        Assert.Contains("Auth:Authority", error.Message);
    }
}
