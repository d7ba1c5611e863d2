using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SecondOpinion.LocalHost.Hosting;

/// <summary>The address the local host listens on, as a client on this machine reaches it (wildcards become 127.0.0.1).</summary>
public static class ListeningAddress
{
    public static Uri Of(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The local host is not listening yet.");
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1"));
    }
}
