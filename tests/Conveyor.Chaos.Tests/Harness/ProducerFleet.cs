using Conveyor.Chaos.Producer;
using Conveyor.Testing.Processes;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// The producer processes of one run (tests/Conveyor.Chaos.Producer), each enqueueing through the public client and
/// keeping its own record of every call. Their records become the run's <see cref="Enqueue"/>s, and are checked against
/// the store's jobs (<see cref="Resolve"/>). Disposing it kills whatever still runs (by PID).
/// </summary>
public sealed class ProducerFleet : IDisposable
{
    private static readonly string ProducerDll = WorkerProcess.BuiltWorker(typeof(ProducerFleet).Assembly, "ChaosProducerPath");

    /// <summary>Producers whose waits may take up to <paramref name="deadline"/> each.</summary>
    public ProducerFleet(TimeSpan deadline) => Fleet = new WorkerFleet(ProducerDll, deadline, ChaosCluster.IsStoreError);

    /// <summary>The producer processes.</summary>
    public WorkerFleet Fleet { get; }

    /// <summary>Starts a producer.</summary>
    public WorkerProcess Start(ChaosProducerArguments arguments) => Fleet.Start(arguments);

    /// <summary>The calls <paramref name="producer"/> has recorded so far.</summary>
    public static List<RecordedCall> Calls(WorkerProcess producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        return RecordedCall.Read(producer.Ledger);
    }

    /// <summary>Every producer's calls so far, with its PID.</summary>
    public List<(int Pid, RecordedCall Call)> Calls() => [.. Fleet.Workers.SelectMany(p => Calls(p).Select(c => (p.Pid, c)))];

    /// <summary>
    /// SIGSTOPs <paramref name="producer"/> and SIGKILLs it if it is inside a call (asked, no outcome yet); otherwise
    /// thaws it and looks again a moment later. The kill lands between a call's start and its recorded outcome.
    /// </summary>
    public static async Task KillMidCallAsync(WorkerProcess producer, Random random)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            await producer.FreezeAsync();
            if (Calls(producer) is [.., { Unknown: true }])
            {
                await producer.KillAsync();
                return;
            }

            await producer.ThawAsync();
            await Task.Delay(random.Next(1, 5));
        }
    }

    /// <summary>
    /// The calls as the checker's enqueues: each acknowledged job with its id, each job of a refused call as an error and
    /// each job of a cut-off call as unknown.
    /// </summary>
    public List<Enqueue> Enqueues() =>
    [
        .. Calls().SelectMany(c => c.Call switch
        {
            { Ids: { } ids } => ids.Select(id => new Enqueue(id, EnqueueOutcome.Ok, At(c.Call))),
            { Error: not null } => Enumerable.Repeat(new Enqueue(null, EnqueueOutcome.Error, At(c.Call)), c.Call.Jobs),
            _ => Enumerable.Repeat(new Enqueue(null, EnqueueOutcome.Unknown, At(c.Call)), c.Call.Jobs),
        }),
    ];

    /// <summary>What each call left in the store (<paramref name="jobs"/>), found by the tag its jobs carry.</summary>
    public CallOutcomes Resolve(IReadOnlyDictionary<long, JobRecord> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var byTag = jobs.Values.SelectMany(j => j.Tags.Select(t => (Tag: t, j.Id))).ToLookup(t => t.Tag, t => t.Id);
        var outcomes = new CallOutcomes();
        foreach (var (pid, call) in Calls())
        {
            var stored = byTag[EnqueueLoop.Tag(pid, call.Call)].ToHashSet();
            outcomes.Add(call, stored);
        }

        return outcomes;
    }

    /// <summary>Stops every live producer through its standard input; fails if one does not exit cleanly.</summary>
    public Task StopAllAsync() => Fleet.StopAllAsync();

    public void Dispose() => Fleet.Dispose();

    private static DateTimeOffset At(RecordedCall call) => DateTimeOffset.FromUnixTimeMilliseconds(call.AskedUnixMs);
}
