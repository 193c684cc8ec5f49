using System.Text;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Xunit.Abstractions;

namespace Conveyor.Sqlite.Tests;

/// <summary>Runs alone: its 2 s leases must not compete for the CPU with the rest of the suite.</summary>
[CollectionDefinition(nameof(WorkerProcessCollection), DisableParallelization = true)]
public sealed class WorkerProcessCollection;

/// <summary>
/// Several worker processes on one SQLite file, one of them SIGKILLed mid-run: every job still completes, none is
/// lost, and a job runs twice only when the killed worker held it (at-least-once, duplicates only after a lost lease).
/// </summary>
[Collection(nameof(WorkerProcessCollection))]
public sealed class SqliteCrashTests(ITestOutputHelper output)
{
    private const int Jobs = 5_000;
    private const int KillAfter = 1_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Workers_CompleteEveryJob_WithDuplicatesOnlyFromTheKilledWorker_WhenOneIsKilledMidRun()
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync(TimeProvider.System);
        var ids = (await store.InsertAsync(new InsertJobsRequest { Jobs = [.. Enumerable.Range(0, Jobs).Select(_ => LedgerJob())] }, CancellationToken.None))
            .Jobs.Select(j => j.Id).ToHashSet();
        using var deadline = new CancellationTokenSource(Deadline);
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(StartWorker(db.Path, db.Sibling($"ledger-{i}.txt")));
            }

            // Kill the victim while it holds jobs: frozen, it cannot complete them between the look and the kill.
            var victim = workers[0];
            List<long> orphaned;
            while (true)
            {
                await WaitUntilAsync(async () => await store.CountAsync(JobState.Completed) >= KillAfter && (await HeldBy(store, victim)).Count > 0, deadline.Token, workers);
                await victim.FreezeAsync();
                orphaned = await HeldBy(store, victim);
                if (orphaned.Count > 0)
                {
                    break;
                }

                await victim.ThawAsync();
            }

            await victim.KillAsync();
            await WaitUntilAsync(async () => await store.CountAsync(JobState.Completed) == Jobs, deadline.Token, workers);
            foreach (var survivor in workers.Skip(1))
            {
                Assert.True(await survivor.StopAsync(TimeSpan.FromSeconds(10)), $"Worker {survivor.Pid} did not stop.\n{survivor.Output}");
            }

            // Nothing lost: every job completed.
            Assert.Equal(Jobs, await store.CountAsync(JobState.Completed));
            Assert.Equal(Jobs, await store.CountAsync());

            // Every job ran, and a job ran twice only when the killed worker had it.
            var runs = workers.SelectMany(w => w.Executions().Select(run => (run.JobId, Killed: w == victim))).ToList();
            Assert.Empty(ids.Except(runs.Select(r => r.JobId)));
            var twice = runs.GroupBy(r => r.JobId).Where(g => g.Count() > 1).ToList();
            output.WriteLine($"executions per worker: {string.Join(", ", workers.Select(w => $"{w}={w.Executions().Count}"))}; orphaned at the kill: {orphaned.Count}; ran more than once: {twice.Count}");
            Assert.All(twice, g => Assert.Contains(g, r => r.Killed));
            Assert.All(twice, g => Assert.Contains(g.Key, orphaned));

            // The jobs the killed worker held came back once its leases expired, charged one crashed attempt.
            Assert.NotEmpty(orphaned);
            foreach (var id in orphaned)
            {
                var job = (await store.GetAsync(id))!;
                Assert.True(job.Attempt >= 2, $"Job {id} completed at attempt {job.Attempt}.");
                Assert.Contains(job.Errors, e => e.ExceptionType == "crashed" && victim.Owns(e.Worker));
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>A Conveyor.Sqlite.TestWorker process on <paramref name="database"/>, writing its own <paramref name="ledger"/>.</summary>
    private static WorkerProcess StartWorker(string database, string ledger) =>
        WorkerProcess.Start(WorkerProcess.BuiltWorker(typeof(SqliteCrashTests).Assembly, "TestWorkerPath"), ledger, [database, ledger]);

    private static NewJob LedgerJob() => new() { Kind = "ledger_job", Queue = "default", Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 5 };

    /// <summary>The running jobs leased by <paramref name="worker"/>.</summary>
    private static async Task<List<long>> HeldBy(SqliteJobStore store, WorkerProcess worker)
    {
        var running = await store.ListJobsAsync(new ListJobsRequest { State = JobState.Running, Limit = 1_000 }, CancellationToken.None);
        return [.. running.Jobs.Where(j => worker.Owns(j.LeaseOwner)).Select(j => j.Id)];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken deadline, List<WorkerProcess> workers)
    {
        try
        {
            while (!await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out after {Deadline}.\n{string.Join("\n", workers.Select(w => $"worker {w}:\n{w.Output}"))}");
        }
    }
}
