using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>The partition runs' sizes on the CI tier and on the full one (<c>CONVEYOR_CHAOS_TIER=full</c>).</summary>
internal static class PartitionSizes
{
    /// <summary>Jobs enqueued before the cut, from a few hundred ms to a few seconds each.</summary>
    public static int Jobs => ChaosTier.Pick(100, 400);

    /// <summary>Workers cut off from the store (through the proxy).</summary>
    public static int CutOffWorkers => 2;

    /// <summary>Workers that keep their direct path to the store.</summary>
    public static int HealthyWorkers => ChaosTier.Pick(2, 3);

    /// <summary>
    /// Job <paramref name="i"/>'s work: 300 ms to 8 s, spread evenly, so a cut-off worker holds short jobs that end
    /// before its lease does and long ones its lease keeper must stop.
    /// </summary>
    public static int WorkMs(int i) => 300 + (int)((long)i * 7_919 % 7_700);
}
