using System.Globalization;
using Conveyor.Storage;

namespace Conveyor.Dashboard.Data;

/// <summary>A node's worker slots, read from its queue list (<c>high=4,default=2</c> has 6).</summary>
internal static class WorkerSlots
{
    /// <summary>The sum of the node's per-queue worker counts; a malformed entry counts 0.</summary>
    public static int Of(NodeInfo node) =>
        node.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Sum(q => q.Split('=') is [_, var n] && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0);
}
