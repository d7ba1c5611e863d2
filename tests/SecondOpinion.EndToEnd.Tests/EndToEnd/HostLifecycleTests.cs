using SecondOpinion.Core.Common;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.EndToEnd;

[Collection(AzuriteCollection.Name)]
public sealed class HostLifecycleTests(AzuriteFixture azurite)
{
    /// <summary>
    /// Stopping before the durable backend has started (or stopping it twice) used to throw inside
    /// the sidecar's async shutdown callback and kill the process; a crash here aborts the test run.
    /// </summary>
    [Fact]
    public async Task a_host_stopped_right_after_starting_shuts_down_cleanly_and_starts_again()
    {
        await using var host = new LocalHostRunner(azurite);
        for (var i = 0; i < 3; i++)
        {
            await host.StartAsync();
            Assert.False(string.IsNullOrEmpty(await host.TokenAsync("patient-lifecycle", Roles.Patient)));
            await host.StopAsync();
        }
        await host.StartAsync();
        var health = await host.JsonAsync(HttpMethod.Get, "/api/health", null);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
