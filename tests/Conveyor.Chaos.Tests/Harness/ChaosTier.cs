namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// How big the fault suite's runs are: the CI tier (what <c>./test.sh</c> runs, sized to keep the whole CI run under
/// 20 minutes) or the full tier (<c>CONVEYOR_CHAOS_TIER=full</c>, set by <c>./chaos.sh --tier full</c>), the sizes.
/// </summary>
public static class ChaosTier
{
    /// <summary>Whether the full sizes were asked for.</summary>
    public static bool IsFull => string.Equals(Environment.GetEnvironmentVariable("CONVEYOR_CHAOS_TIER"), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tier's name, for reports.</summary>
    public static string Name => IsFull ? "full" : "ci";

    /// <summary><paramref name="ci"/> on the CI tier, <paramref name="full"/> on the full one.</summary>
    public static T Pick<T>(T ci, T full) => IsFull ? full : ci;
}
