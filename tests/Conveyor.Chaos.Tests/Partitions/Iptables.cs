using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// Debian's <c>iptables</c>, installed with <c>apt-get</c> on first use when missing (CI runs as root on a clean
/// machine). Of its front ends — the one the alternatives system points <c>iptables</c> at, <c>iptables-nft</c> and
/// <c>iptables-legacy</c> — the first whose rules really cut an open loopback connection here is used: a kernel may
/// accept rules of a back end it does not filter with. A test that can have none fails saying why.
/// </summary>
internal static class Iptables
{
    private const string Package = "iptables";
    private static readonly string[] FrontEnds = ["iptables", "iptables-nft", "iptables-legacy"];
    private static readonly string[] Folders = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
    private static readonly Lazy<Task<string>> Chosen = new(ChooseAsync);

    /// <summary>The path of the front end that cuts traffic on this machine.</summary>
    public static Task<string> ToolAsync() => Chosen.Value;

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; throws with its output unless it succeeds.</summary>
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var (exitCode, output) = await DebianTools.RunAsync(tool, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {exitCode} (iptables needs root): {output}");
    }

    private static async Task<string> ChooseAsync()
    {
        if (Find(FrontEnds[0]) is null)
        {
            await InstallAsync();
        }

        var refusals = new List<string>();
        foreach (var tool in FrontEnds.Select(Find).OfType<string>())
        {
            try
            {
                if (await CutsAsync(tool))
                {
                    return tool;
                }

                refusals.Add($"{tool}: its rules were accepted but an open connection kept delivering");
            }
            catch (InvalidOperationException ex)
            {
                refusals.Add($"{tool}: {ex.Message}");
            }
        }

        throw new InvalidOperationException($"No iptables front end cuts loopback traffic on this machine (the partition tests need root and netfilter):\n{string.Join("\n", refusals)}");
    }

    /// <summary>Whether a partition made with <paramref name="tool"/> holds both directions of an open connection, and its healing lets them through.</summary>
    private static async Task<bool> CutsAsync(string tool)
    {
        using var pair = await LoopbackPair.OpenAsync();
        Task exchange;
        await using (var partition = await LoopbackPartition.CutAsync(tool, pair.Port))
        {
            exchange = pair.ExchangeAsync();
            await Task.WhenAny(exchange, Task.Delay(TimeSpan.FromMilliseconds(500)));
            if (exchange.IsCompleted)
            {
                return false;
            }
        }

        await exchange.WaitAsync(TimeSpan.FromSeconds(15));
        return true;
    }

    private static async Task InstallAsync()
    {
        var result = await DebianTools.InstallAsync(Package);
        if (Find(FrontEnds[0]) is null)
        {
            throw new InvalidOperationException(
                $"The partition tests need Debian's {Package}, which is not installed and could not be installed (apt-get needs root; "
                + $"run 'apt-get install {Package}'). apt-get said (exit {result.ExitCode}):\n{result.Output}");
        }
    }

    /// <summary>The path of <paramref name="name"/> in the usual system folders (a test runner's PATH may lack sbin), or null.</summary>
    private static string? Find(string name) =>
        Folders.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
