using System.Globalization;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// A network partition of one loopback TCP port: iptables DROP rules for every packet to it and from it on
/// <c>lo</c> (both on INPUT, which every loopback packet passes), so connections already open fall silent too, not
/// only new ones — nothing is refused or reset, packets simply vanish, as on a cut cable, and TCP delivers what it
/// still holds once the partition heals. Every rule carries this partition's own comment
/// (<c>conveyor-chaos-&lt;guid&gt;</c>) and is deleted by its exact spec on <see cref="HealAsync"/> or, whatever
/// happened, on disposal.
/// </summary>
public sealed class LoopbackPartition : IAsyncDisposable
{
    private readonly string _tool;
    private readonly List<string[]> _inserted = [];

    private LoopbackPartition(string tool, int port)
    {
        _tool = tool;
        Port = port;
        Comment = "conveyor-chaos-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The port cut off.</summary>
    public int Port { get; }

    /// <summary>The comment on this partition's rules, and on no other rule.</summary>
    public string Comment { get; }

    /// <summary>When the first rule was about to go in: the cut began.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When every rule was in: nothing passes from here on until <see cref="HealedAt"/>.</summary>
    public DateTimeOffset InForceAt { get; private set; }

    /// <summary>When the last rule was gone; null while the partition holds.</summary>
    public DateTimeOffset? HealedAt { get; private set; }

    /// <summary>Cuts every packet to and from 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<LoopbackPartition> CutAsync(int port) => await CutAsync(await Iptables.ToolAsync(), port);

    /// <summary>Cuts every packet to and from 127.0.0.1:<paramref name="port"/> with the iptables front end <paramref name="tool"/>.</summary>
    internal static async Task<LoopbackPartition> CutAsync(string tool, int port)
    {
        var partition = new LoopbackPartition(tool, port) { StartedAt = TimeProvider.System.GetUtcNow() };
        try
        {
            foreach (var rule in partition.Rules())
            {
                await Iptables.RunAsync(tool, ["-I", .. rule]);
                partition._inserted.Add(rule);
            }
        }
        catch
        {
            await partition.DisposeAsync();
            throw;
        }

        partition.InForceAt = TimeProvider.System.GetUtcNow();
        return partition;
    }

    /// <summary>Deletes this partition's rules (each by its exact spec); traffic flows again.</summary>
    public async Task HealAsync()
    {
        var failures = new List<Exception>();
        foreach (var rule in _inserted.ToList())
        {
            try
            {
                await Iptables.RunAsync(_tool, ["-D", .. rule]);
                _inserted.Remove(rule);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex);
            }
        }

        HealedAt ??= TimeProvider.System.GetUtcNow();
        if (failures.Count > 0)
        {
            throw new AggregateException($"Could not delete every rule of partition {Comment}.", failures);
        }
    }

    /// <summary>The rules in the filter table that carry this partition's comment (none once healed).</summary>
    public async Task<List<string>> RemainingRulesAsync() =>
        [.. (await Iptables.RunAsync(_tool, "-S")).Split('\n').Where(line => line.Contains(Comment, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        if (_inserted.Count > 0)
        {
            await HealAsync();
        }
    }

    /// <summary>The rule specs (chain onwards): packets to the port, and packets from it.</summary>
    private IEnumerable<string[]> Rules()
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        return new[] { "--dport", "--sport" }.Select(direction =>
            new[] { "INPUT", "-i", "lo", "-p", "tcp", direction, port, "-m", "comment", "--comment", Comment, "-j", "DROP" });
    }
}
