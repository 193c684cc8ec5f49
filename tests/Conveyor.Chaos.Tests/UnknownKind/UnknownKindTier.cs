namespace Conveyor.Chaos.Tests.UnknownKind;

/// <summary>How many jobs the unknown-kind tests use: the CI sizes unless <c>CONVEYOR_CHAOS_TIER=full</c>.</summary>
internal static class UnknownKindTier
{
    private static bool IsFull => Harness.ChaosTier.IsFull;

    /// <summary>Jobs of the kind the first worker does not know.</summary>
    public static int UnknownJobs => IsFull ? 400 : 40;

    /// <summary>Jobs of a kind every worker knows, run alongside.</summary>
    public static int KnownJobs => IsFull ? 200 : 20;
}
