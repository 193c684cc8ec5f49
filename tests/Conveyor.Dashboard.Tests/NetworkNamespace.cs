using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Conveyor.Dashboard.Tests;

/// <summary>
/// A Linux network namespace joined to this one by a veth pair (10.231.N.1 here, 10.231.N.2 inside), so a request
/// made inside it reaches a server here from a real non-loopback address. Needs root; removed on dispose.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _hostSide;

    private NetworkNamespace(string name, int subnet)
    {
        _name = name;
        _hostSide = $"vh-{name}";
        HostAddress = $"10.231.{subnet}.1";
    }

    /// <summary>This side's address, which a server listens on to be reached from inside.</summary>
    public string HostAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var subnet = RandomNumberGenerator.GetInt32(1, 255);
        var ns = new NetworkNamespace($"cvd{id}", subnet);
        var inside = $"vn-{ns._name}";
        try
        {
            await RunAsync("ip", "netns", "add", ns._name);
            await RunAsync("ip", "link", "add", ns._hostSide, "type", "veth", "peer", "name", inside);
            await RunAsync("ip", "link", "set", inside, "netns", ns._name);
            await RunAsync("ip", "addr", "add", $"{ns.HostAddress}/30", "dev", ns._hostSide);
            await RunAsync("ip", "link", "set", ns._hostSide, "up");
            await RunAsync("ip", "netns", "exec", ns._name, "ip", "addr", "add", $"10.231.{subnet}.2/30", "dev", inside);
            await RunAsync("ip", "netns", "exec", ns._name, "ip", "link", "set", inside, "up");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs a URL from inside the namespace with curl; returns the HTTP status.</summary>
    public async Task<int> GetStatusAsync(string url, string? authorization = null)
    {
        string[] header = authorization is null ? [] : ["-H", $"Authorization: {authorization}"];
        var output = await RunAsync(["ip", "netns", "exec", _name, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", .. header, url]);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting the namespace deletes the veth pair; the host side is removed too in case the move never happened.
        await RunAsync(["ip", "netns", "del", _name], check: false);
        await RunAsync(["ip", "link", "del", _hostSide], check: false);
    }

    private static Task<string> RunAsync(params string[] args) => RunAsync(args, check: true);

    private static async Task<string> RunAsync(string[] args, bool check)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args[1..])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}: {error}");
        }

        return output;
    }
}
