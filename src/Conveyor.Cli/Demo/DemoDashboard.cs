using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Cli.Demo;

/// <summary>Where the demo's dashboard listens: the URL asked for, or the same host on a free port when its port is taken.</summary>
internal static class DemoDashboard
{
    /// <summary>
    /// <paramref name="url"/> if its port can be bound now, else the URL with port 0 (Kestrel picks a free one, and the
    /// demo prints the address it got), so a second demo, or anything else on port 5000, never stops the demo.
    /// </summary>
    public static string FreeUrl(string url)
    {
        var address = BindingAddress.Parse(url);
        if (address.Port == 0)
        {
            return url;
        }

        var ip = IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed : IPAddress.Loopback;
        try
        {
            using var probe = new TcpListener(ip, address.Port);
            probe.Start();
            return url;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"{address.Scheme}://{address.Host}:0";
        }
    }
}
