using System.Globalization;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.UnknownKind;

/// <summary>
/// A rolling (or rolled-back) deploy: jobs of a kind that only the new version handles reach a worker of the old one.
/// They must never run there and never be lost: they wait, without spending their attempts, for a worker that knows
/// the kind, and only a job nobody took within the grace ends discarded — as <c>unknown_kind</c>. Real hosts in this
/// process on each store; the handlers' own ledger is the oracle.
/// </summary>
public sealed class UnknownKindTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LongGrace = TimeSpan.FromHours(1);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task UnknownKind_WaitsUnrunAndUncharged_ThenRunsExactlyOnce_WhenAWorkerThatKnowsItStarts(StoreKind kind)
    {
        await using var store = await ChaosStore.CreateAsync(kind);
        var ledger = new ExecutionLedger();

        // Maintenance runs on a node of its own. A maintenance leader wakes its own producers when it promotes the
        // waiting jobs, before other nodes hear of them, so an old worker that leads takes most of them up again
        // first: the jobs still wait safely and run on the new worker, only later (see docs/state-machine.md).
        await using var maintainer = await DeployHost.StartMaintainerAsync(store, ledger);
        await using var oldWorker = await DeployHost.StartAsync(store, ledger, "worker-old", knowsNewFeature: false, LongGrace, runsMaintenance: false);

        // MaxAttempts 1: a single charged wait would leave nothing for the worker that knows the kind.
        var waiting = await EnqueueNewFeatureAsync(oldWorker, UnknownKindTier.UnknownJobs);
        var known = await oldWorker.Client.EnqueueManyAsync(Enumerable.Range(0, UnknownKindTier.KnownJobs).Select(n => new EveryoneKnowsJob(n)));
        await WaitUntilAsync(store, known, JobState.Completed);
        await WaitUntilAsync(() => Task.FromResult(waiting.All(id => oldWorker.Waits.Of(id) >= 3)), () => $"fewest waits {waiting.Min(oldWorker.Waits.Of)}");

        var meanwhile = await GetAsync(store, waiting);
        Assert.All(meanwhile, job =>
        {
            Assert.False(job.State.IsFinal(), $"Job {job.Id} ended {job.State} on a worker that does not know its kind.");
            Assert.Equal(job.State == JobState.Running ? 1 : 0, job.Attempt);
            Assert.Empty(job.Errors);
        });
        Assert.All(ledger.CountsOf(waiting), run => Assert.Equal(0, run.Value));
        Report(kind, "waits per job on the old worker before the new one started", waiting.Select(oldWorker.Waits.Of));

        var starting = TimeProvider.System.GetTimestamp();
        await using var newWorker = await DeployHost.StartAsync(store, ledger, "worker-new", knowsNewFeature: true, LongGrace, runsMaintenance: false);
        await WaitUntilAsync(store, waiting, JobState.Completed);
        Report(kind, "ms from starting the new worker to each waiting job's run, the old one still fetching",
            ledger.Runs.Where(r => waiting.Contains(r.JobId)).Select(r => (int)TimeProvider.System.GetElapsedTime(starting, r.At).TotalMilliseconds));
        await newWorker.DisposeAsync();
        await oldWorker.DisposeAsync();

        Assert.All(ledger.CountsOf(waiting), run => Assert.True(run.Value == 1, $"Job {run.Key} ran {run.Value} times."));
        Assert.All(ledger.CountsOf(known), run => Assert.True(run.Value == 1, $"Job {run.Key} ran {run.Value} times."));
        Assert.All(ledger.Runs.Where(r => waiting.Contains(r.JobId)), run => Assert.Equal(("worker-new", 1), (run.Node, run.Attempt)));
        Assert.All(await GetAsync(store, waiting), job => Assert.Equal((JobState.Completed, 1, 0), (job.State, job.Attempt, job.Errors.Count)));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task UnknownKind_IsDiscardedAsUnknownKind_OnceItsGraceHasPassed_AndStaysDiscarded(StoreKind kind)
    {
        var grace = TimeSpan.FromSeconds(2);
        await using var store = await ChaosStore.CreateAsync(kind);
        var ledger = new ExecutionLedger();
        await using var oldWorker = await DeployHost.StartAsync(store, ledger, "worker-old", knowsNewFeature: false, grace);

        var expired = await EnqueueNewFeatureAsync(oldWorker, UnknownKindTier.UnknownJobs / 2);
        await WaitUntilAsync(store, expired, JobState.Discarded);

        var discarded = await GetAsync(store, expired);
        Assert.All(discarded, job =>
        {
            Assert.Equal(1, job.Attempt);
            var error = Assert.Single(job.Errors);
            Assert.Equal("unknown_kind", error.ExceptionType);
            Assert.Contains($"Unknown job kind '{NewFeatureJob.Kind}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("worker worker-old", error.Message, StringComparison.Ordinal);
            Assert.True(job.FinalizedAt >= job.CreatedAt + grace, $"Job {job.Id} was discarded at {job.FinalizedAt:O}, before its grace from {job.CreatedAt:O} ended.");
            Assert.True(oldWorker.Waits.Of(job.Id) >= 1, $"Job {job.Id} was discarded without waiting once.");
        });
        Report(kind, $"waits per job within a {grace.TotalSeconds:F0} s grace", expired.Select(oldWorker.Waits.Of));
        Report(kind, "ms from the end of the grace to the discard", discarded.Select(j => (int)(j.FinalizedAt!.Value - j.CreatedAt - grace).TotalMilliseconds));

        // A worker that knows the kind replaces the old one too late: it runs a fresh job of the kind, never the
        // discarded ones.
        await oldWorker.DisposeAsync();
        await using var newWorker = await DeployHost.StartAsync(store, ledger, "worker-new", knowsNewFeature: true, grace);
        var fresh = await EnqueueNewFeatureAsync(newWorker, 1);
        await WaitUntilAsync(store, fresh, JobState.Completed);
        await newWorker.DisposeAsync();

        Assert.All(ledger.CountsOf(expired), run => Assert.Equal(0, run.Value));
        Assert.All(await GetAsync(store, expired), job => Assert.Equal(JobState.Discarded, job.State));
    }

    private static Task<IReadOnlyList<long>> EnqueueNewFeatureAsync(DeployHost host, int count) =>
        host.Client.EnqueueManyAsync(Enumerable.Range(0, count).Select(n => new NewFeatureJob(n)), new EnqueueOptions { MaxAttempts = 1 }).AsTask();

    private static async Task<List<JobRecord>> GetAsync(ChaosStore store, IEnumerable<long> ids)
    {
        var jobs = new List<JobRecord>();
        foreach (var id in ids)
        {
            jobs.Add(await store.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None)
                ?? throw new InvalidOperationException($"Job {id} was lost."));
        }

        return jobs;
    }

    private static Task WaitUntilAsync(ChaosStore store, IReadOnlyList<long> ids, JobState state) => WaitUntilAsync(
        async () => (await GetAsync(store, ids)).All(j => j.State == state),
        () => $"{ids.Count} jobs to reach {state} on {store}");

    private static async Task WaitUntilAsync(Func<Task<bool>> done, Func<string> what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await done())
        {
            if (TimeProvider.System.GetElapsedTime(started) > WaitLimit)
            {
                throw new TimeoutException($"Not done within {WaitLimit}: {what()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private void Report(StoreKind kind, string what, IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: {what}: min {sorted[0]}, median {sorted[sorted.Length / 2]}, max {sorted[^1]} (n = {sorted.Length})"));
    }
}
