namespace Conveyor.Chaos.Tests.Poison;

/// <summary>
/// The size tier of the poison and retry-storm tests: the CI tier unless <c>CONVEYOR_CHAOS_TIER=full</c> asks for the
/// full sizes.
/// </summary>
internal static class PoisonTier
{
    /// <summary>Whether the full sizes were asked for.</summary>
    public static bool IsFull => string.Equals(Environment.GetEnvironmentVariable("CONVEYOR_CHAOS_TIER"), "full", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="ci"/> on the CI tier, <paramref name="full"/> on the full one.</summary>
    public static T Pick<T>(T ci, T full) => IsFull ? full : ci;
}
