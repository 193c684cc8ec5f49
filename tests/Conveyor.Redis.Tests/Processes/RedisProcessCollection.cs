namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// The worker process tests run one at a time, after the parallel ones: their short leases must not compete for the
/// CPU with the rest of the suite, or a starved worker would lose leases the test expects it to keep.
/// </summary>
[CollectionDefinition(nameof(RedisProcessCollection), DisableParallelization = true)]
public sealed class RedisProcessCollection;
