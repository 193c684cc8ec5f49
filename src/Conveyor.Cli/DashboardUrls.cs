using System.Net;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Cli;

/// <summary>The addresses <c>conveyor dashboard --urls</c> listens on, refusing one beyond this machine unless a token is required.</summary>
internal static class DashboardUrls
{
    /// <summary>Parses <c>;</c>-separated URLs; a host that is not loopback (<c>0.0.0.0</c>, <c>*</c>, a name) needs <paramref name="authenticated"/>.</summary>
    public static string[] Parse(string text, bool authenticated, string option = "--urls")
    {
        var urls = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new CliException($"{option} is empty; e.g. {option} http://127.0.0.1:5000.");
        }

        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new CliException($"{option} '{url}' is not a URL such as http://127.0.0.1:5000.");
            }

            if (!authenticated && !IsLoopback(address.Host))
            {
                throw new CliException(
                    option == "--urls"
                        ? $"--urls {url} listens beyond this machine and the dashboard would have no authentication: pass --token TOKEN (or set {Commands.DashboardCommand.TokenVariable}), or listen on 127.0.0.1."
                        : $"{option} {url} listens beyond this machine and the demo's dashboard has no authentication: listen on 127.0.0.1, or run `conveyor dashboard --token …` beside it.");
            }
        }

        return urls;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
