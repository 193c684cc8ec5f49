using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.SqliteProcesses;

/// <summary>The sizes of the shared-file runs: the CI tier's, or the full tier's (<c>CONVEYOR_CHAOS_TIER=full</c>).</summary>
public static class SqliteProcessSizes
{
    /// <summary>Enqueue calls each producer makes beside the workers (1 to <see cref="Batch"/> jobs each).</summary>
    public static int CallsPerProducer => ChaosTier.Pick(2_000, 20_000);

    /// <summary>The most jobs one call enqueues.</summary>
    public const int Batch = 5;

    /// <summary>Producers SIGKILLed mid-call, one after another.</summary>
    public static int ProducerKills => ChaosTier.Pick(15, 50);
}
