using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SecondOpinion.Hosting;
using SecondOpinion.Http.Api;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// <c>/api/health/ready</c> through the production wiring: each dependency checked for real, and a
/// dependency that does not answer makes the host not ready, named but without internals.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReadinessTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"so-ready-{Guid.NewGuid():N}.db");

    private ServiceProvider Services(string storage) => new ServiceCollection()
        .AddLogging()
        .AddSecondOpinion(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["State:SqlitePath"] = path,
            ["Auth:Authority"] = "https://login.example.test/tenant/v2.0",
        }).Build())
        .BuildServiceProvider();

    private static async Task<(int Status, JsonElement Body)> ReadyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Response.Body = new MemoryStream();
        await (await HealthApi.Ready(http)).ExecuteAsync(http);
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, JsonDocument.Parse(http.Response.Body).RootElement.Clone());
    }

    [Fact]
    public async Task a_dependency_that_does_not_answer_makes_the_host_not_ready_and_says_which()
    {
        var closedPort = FreePorts.Next();
        await using var services = Services(SecondOpinionServices.AzuriteConnectionString(closedPort, closedPort, closedPort));
        var (status, body) = await ReadyAsync(services);

        Assert.Equal(503, status);
        Assert.Equal("not-ready", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        Assert.StartsWith("failing", checks.GetProperty("blob").GetString());
        Assert.StartsWith("failing", checks.GetProperty("queue").GetString());
        Assert.Equal("ok", checks.GetProperty("state").GetString());
        // No durable client outside a host: reported, not thrown.
        Assert.StartsWith("failing", checks.GetProperty("durable").GetString());
        var text = body.GetRawText();
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public async Task storage_and_state_that_answer_are_ready()
    {
        await using var services = Services(azurite.ConnectionString);
        var (_, body) = await ReadyAsync(services);
        var checks = body.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("blob").GetString());
        Assert.Equal("ok", checks.GetProperty("queue").GetString());
        Assert.Equal("ok", checks.GetProperty("state").GetString());
    }

    [Fact]
    public void a_missing_setting_stops_the_start_with_a_message_that_names_it()
    {
        using var services = new ServiceCollection().AddLogging().AddSecondOpinion(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["State:Provider"] = "cosmos",
            ["Events:Provider"] = "servicebus",
            ["Auth:Authority"] = "https://login.example.test/tenant/v2.0",
        }).Build()).BuildServiceProvider();
        var state = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecondOpinion.Hosting.Settings.StateSettings>>().Value);
        Assert.Contains("State:CosmosEndpoint", state.Message);
        var events = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecondOpinion.Hosting.Settings.EventsSettings>>().Value);
        Assert.Contains("Events:ServiceBusNamespace", events.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}
