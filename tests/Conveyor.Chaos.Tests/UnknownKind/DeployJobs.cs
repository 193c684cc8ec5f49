using System.Collections.Concurrent;

namespace Conveyor.Chaos.Tests.UnknownKind;

/// <summary>A job of a kind only the newer worker has a handler for (shipped by a deploy still rolling out).</summary>
public sealed record NewFeatureJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "unknown_kind_new_feature";
}

/// <summary>A job of a kind every worker knows.</summary>
public sealed record EveryoneKnowsJob(int N) : IJobArgs
{
    /// <inheritdoc />
    public static string Kind => "unknown_kind_everyone_knows";
}

/// <summary>
/// Every handler execution, recorded by the handler itself in the test's process — the oracle that does not trust the
/// store: which job ran, on which worker, at which attempt.
/// </summary>
public sealed class ExecutionLedger
{
    private readonly ConcurrentQueue<(long JobId, string Node, int Attempt, long At)> _runs = new();

    /// <summary>Every execution so far; <c>At</c> is its start as a <see cref="TimeProvider.System"/> timestamp.</summary>
    public IReadOnlyCollection<(long JobId, string Node, int Attempt, long At)> Runs => _runs;

    /// <summary>Records one execution.</summary>
    public void Record(JobContext context) => _runs.Enqueue((context.Id, context.WorkerId, context.Attempt, TimeProvider.System.GetTimestamp()));

    /// <summary>How many times each of <paramref name="ids"/> ran (0 for those that never did).</summary>
    public Dictionary<long, int> CountsOf(IEnumerable<long> ids)
    {
        var counts = ids.ToDictionary(id => id, _ => 0);
        foreach (var run in _runs.Where(r => counts.ContainsKey(r.JobId)))
        {
            counts[run.JobId]++;
        }

        return counts;
    }
}

/// <summary>Runs <see cref="NewFeatureJob"/>: registered only on the worker that knows the kind.</summary>
public sealed class NewFeatureHandler(ExecutionLedger ledger) : IJobHandler<NewFeatureJob>
{
    /// <inheritdoc />
    public Task HandleAsync(NewFeatureJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(context);
        return Task.CompletedTask;
    }
}

/// <summary>Runs <see cref="EveryoneKnowsJob"/>.</summary>
public sealed class EveryoneKnowsHandler(ExecutionLedger ledger) : IJobHandler<EveryoneKnowsJob>
{
    /// <inheritdoc />
    public Task HandleAsync(EveryoneKnowsJob args, JobContext context, CancellationToken ct)
    {
        ledger.Record(context);
        return Task.CompletedTask;
    }
}
