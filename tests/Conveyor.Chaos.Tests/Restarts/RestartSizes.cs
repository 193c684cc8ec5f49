using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// How big the store-restart runs are: two restarts per mode on the CI tier, five on the full one
/// (<c>CONVEYOR_CHAOS_TIER=full</c>), each run under a steady producer and four workers.
/// </summary>
internal static class RestartSizes
{
    /// <summary>Restarts (or kills) of the server in one run, all in the same mode.</summary>
    public static int Restarts => ChaosTier.Pick(2, 5);

    /// <summary>Worker processes, each with the harness's eight slots.</summary>
    public const int Workers = 4;

    /// <summary>Jobs the producer enqueues per second, one at a time.</summary>
    public const int PerSecond = 100;

    /// <summary>
    /// How long the run goes before the first restart and after each worker has resumed from one: more than Redis's
    /// <c>everysec</c> bound plus the ledger's slack, so each restart's window of allowed losses holds only its own
    /// writes and every window has work before and after it.
    /// </summary>
    public static readonly TimeSpan Between = TimeSpan.FromSeconds(4);

    /// <summary>How long any one wait may take: a hang guard, not a speed check.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>Most jobs work 10 ms; one in four 100 ms, so a restart always finds jobs running and completions in flight.</summary>
    public static int WorkMs(int i) => i % 4 == 0 ? 100 : 10;
}
