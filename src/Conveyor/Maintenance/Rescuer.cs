using Conveyor.Storage;
using Conveyor.Runtime;
using Microsoft.Extensions.Logging;

namespace Conveyor.Maintenance;

/// <summary>
/// Brings back jobs whose lease expired (their worker died or was cut off). Each rescue counts as a failed
/// attempt (<c>crashed</c>), decided by the state machine, so a job that kills its worker every time ends
/// Discarded instead of looping. The completion carries the dead owner's guard: if that worker is alive after
/// all and finishes first, the rescue is stale and ignored — and so is a second node's rescue of the same attempt,
/// which is why every node sweeps, not only the leader: a worker killed while it led (or a run of such kills) would
/// otherwise leave its jobs waiting for an election as well as their lease.
/// </summary>
internal sealed class Rescuer(IJobStore store, JobRegistry registry, TimeProvider time, ILogger<Rescuer> logger, ConveyorOptions options) : MaintenanceTask
{
    private const int BatchSize = 500;

    public override TimeSpan Interval => options.RescueInterval;

    public override string Name => "rescuer";

    public override bool RunsOnEveryNode => true;

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var expired = await store.GetExpiredLeasesAsync(new GetExpiredLeasesRequest { Limit = BatchSize }, ct).ConfigureAwait(false);
        if (expired.Jobs.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var completions = expired.Jobs
            .Select(job => JobStateMachine.Decide(job, new ExecutionOutcome.LeaseExpired(), registry.Find(job.Kind)?.Options.Retry ?? RetryPolicy.Default, now, Random.Shared.NextDouble()))
            .ToList();
        var result = await store.CompleteAsync(new CompleteJobsRequest { Completions = completions }, ct).ConfigureAwait(false);
        Log.Rescued(logger, result.Applied);
    }
}
