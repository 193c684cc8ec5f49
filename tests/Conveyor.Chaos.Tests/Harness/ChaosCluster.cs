using System.Data.Common;
using System.Text;
using System.Text.Json;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Microsoft.Data.Sqlite;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// The fault driver of one run: a store namespace, chaos worker processes on it, the side-effect table they share, the
/// producer's enqueue records and the log of every fault injected. It ends every process it started (by PID) and
/// removes the namespace when disposed, whatever happened.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private static readonly string WorkerDll = WorkerProcess.BuiltWorker(typeof(ChaosCluster).Assembly, "ChaosWorkerPath");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("conveyor-chaos-run-");
    private readonly List<Enqueue> _enqueues = [];
    private readonly List<FaultEvent> _faults = [];

    private ChaosCluster(ChaosStore store, TimeSpan deadline)
    {
        Store = store;
        EffectsPath = Path.Combine(_directory.FullName, "effects.db");
        Arguments = new ChaosWorkerArguments(store, EffectsPath);
        Fleet = new WorkerFleet(WorkerDll, deadline, IsStoreError);
    }

    /// <summary>The store namespace the workers share.</summary>
    public ChaosStore Store { get; }

    /// <summary>The worker processes.</summary>
    public WorkerFleet Fleet { get; }

    /// <summary>What the next workers started are told; change it before starting them.</summary>
    public ChaosWorkerArguments Arguments { get; set; }

    /// <summary>The side-effect table's file.</summary>
    public string EffectsPath { get; }

    /// <summary>The faults injected so far.</summary>
    public IReadOnlyList<FaultEvent> Faults => _faults;

    /// <summary>A run on a fresh namespace of <paramref name="kind"/>; any one wait may take up to <paramref name="deadline"/>.</summary>
    public static async Task<ChaosCluster> CreateAsync(StoreKind kind, TimeSpan deadline) => await CreateAsync(await ChaosStore.CreateAsync(kind), deadline);

    /// <summary>
    /// A run on a fresh namespace of <paramref name="kind"/> on the server at <paramref name="connection"/> (a test's
    /// private server, which it may restart); any one wait may take up to <paramref name="deadline"/>.
    /// </summary>
    public static async Task<ChaosCluster> CreateAsync(StoreKind kind, string connection, TimeSpan deadline) =>
        await CreateAsync(await ChaosStore.CreateAsync(kind, connection), deadline);

    private static async Task<ChaosCluster> CreateAsync(ChaosStore store, TimeSpan deadline)
    {
        var cluster = new ChaosCluster(store, deadline);
        await using var connection = new SqliteConnection($"Data Source={cluster.EffectsPath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; " + Conveyor.Chaos.Worker.SideEffects.Schema;
        await command.ExecuteNonQueryAsync();
        return cluster;
    }

    /// <summary>Starts <paramref name="count"/> workers and waits until each has reported in.</summary>
    public async Task StartWorkersAsync(int count)
    {
        Fleet.Start(count, Arguments);
        await Fleet.WaitUntilStartedAsync(Store.Admin);
    }

    /// <summary>
    /// Starts one worker with <paramref name="environment"/> set on top of this process's (e.g. a faked clock) and
    /// waits until it has reported in.
    /// </summary>
    public async Task<WorkerProcess> StartWorkerAsync(IReadOnlyDictionary<string, string> environment)
    {
        var worker = Fleet.Start(Arguments, environment);
        await Fleet.WaitUntilStartedAsync(Store.Admin);
        return worker;
    }

    /// <summary>
    /// Enqueues <paramref name="count"/> <c>chaos_work</c> jobs due at <paramref name="scheduledAt"/> (the store keeps
    /// them Scheduled until then), each working for <paramref name="ms"/> ms.
    /// </summary>
    public Task<List<long>> EnqueueWorkAtAsync(DateTimeOffset scheduledAt, int count, int ms) =>
        InsertAsync([.. Enumerable.Range(0, count).Select(_ => Job("chaos_work", new { ms }, 25) with { ScheduledAt = scheduledAt })]);

    /// <summary>Enqueues <paramref name="count"/> <c>chaos_work</c> jobs, in batches, each working for <paramref name="ms"/>(i) ms.</summary>
    public async Task<List<long>> EnqueueWorkAsync(int count, Func<int, int> ms, int maxAttempts = 25, int batch = 500)
    {
        var ids = new List<long>(count);
        for (var start = 0; start < count; start += batch)
        {
            var jobs = Enumerable.Range(start, Math.Min(batch, count - start)).Select(i => Job("chaos_work", new { ms = ms(i) }, maxAttempts)).ToList();
            ids.AddRange(await InsertAsync(jobs));
        }

        return ids;
    }

    /// <summary>
    /// Enqueues <paramref name="count"/> instant <c>chaos_work</c> jobs one at a time, <paramref name="perSecond"/> a
    /// second, as a steady producer would; returns their ids and enqueue times.
    /// </summary>
    public async Task<Dictionary<long, DateTimeOffset>> EnqueueWorkPacedAsync(int count, int perSecond)
    {
        var enqueued = new Dictionary<long, DateTimeOffset>(count);
        var start = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond) - TimeProvider.System.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var at = TimeProvider.System.GetUtcNow();
            enqueued[(await InsertAsync([Job("chaos_work", new { ms = 0 }, 25)]))[0]] = at;
        }

        return enqueued;
    }

    /// <summary>
    /// Until <paramref name="ct"/> fires, replaces every worker that ended by itself (a job took its process down)
    /// with a new one that may end too; returns how many were replaced.
    /// </summary>
    public async Task<int> ReplaceCrashedWorkersAsync(CancellationToken ct)
    {
        var replaced = new HashSet<int>();
        while (!ct.IsCancellationRequested)
        {
            foreach (var crashed in Fleet.Workers.Where(w => w.HasExited && !w.Killed && replaced.Add(w.Pid)).ToList())
            {
                _faults.Add(new FaultEvent(FaultKind.Crash, crashed.Pid, TimeProvider.System.GetUtcNow()));
                Fleet.Start(Arguments).AllowExit();
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return replaced.Count;
    }

    /// <summary>Enqueues one job of <paramref name="kind"/> with <paramref name="args"/>.</summary>
    public async Task<long> EnqueueAsync(string kind, object args, int maxAttempts) => (await InsertAsync([Job(kind, args, maxAttempts)]))[0];

    /// <summary>Enqueues one <paramref name="kind"/> job per arguments object, in one insert.</summary>
    public Task<List<long>> EnqueueEachAsync(string kind, IEnumerable<object> args, int maxAttempts) =>
        InsertAsync([.. args.Select(a => Job(kind, a, maxAttempts))]);

    /// <summary>
    /// Enqueues one <paramref name="kind"/> job per arguments object, in one insert, each with the ordering key the
    /// client takes from it for a job type that runs in order.
    /// </summary>
    public Task<List<long>> EnqueueOrderedAsync(string kind, IEnumerable<(object Args, string Key)> jobs, int maxAttempts) =>
        InsertAsync([.. jobs.Select(j => Job(kind, j.Args, maxAttempts) with { OrderingKey = j.Key })]);

    /// <summary>
    /// Creates a batch of <paramref name="size"/> <c>chaos_work</c> jobs, each working for <paramref name="ms"/>(i) ms,
    /// with a <c>chaos_work</c> callback; its jobs and callback are recorded as acknowledged enqueues.
    /// </summary>
    public async Task<CreateBatchResult> EnqueueBatchAsync(int size, Func<int, int> ms, BatchCondition condition)
    {
        var at = TimeProvider.System.GetUtcNow();
        var request = new CreateBatchRequest
        {
            Jobs = [.. Enumerable.Range(0, size).Select(i => Job("chaos_work", new { ms = ms(i) }, 25))],
            Callback = Job("chaos_work", new { ms = 10 }, 25),
            Condition = condition,
        };
        var created = await ((IBatchStore)Store.Store).CreateBatchAsync(request, CancellationToken.None);
        _enqueues.AddRange(created.JobIds.Append(created.CallbackJobId).Select(id => new Enqueue(id, EnqueueOutcome.Ok, at)));
        return created;
    }

    /// <summary>SIGKILLs <paramref name="worker"/>, logged as a fault.</summary>
    public Task KillAsync(WorkerProcess worker) => Inject(FaultKind.Kill, worker, worker.KillAsync);

    /// <summary>SIGTERMs <paramref name="worker"/>, logged as a fault.</summary>
    public Task TerminateAsync(WorkerProcess worker) => Inject(FaultKind.Terminate, worker, worker.TerminateAsync);

    /// <summary>SIGSTOPs <paramref name="worker"/>, logged as a fault.</summary>
    public Task PauseAsync(WorkerProcess worker) => Inject(FaultKind.Pause, worker, worker.FreezeAsync);

    /// <summary>SIGCONTs <paramref name="worker"/>, logged.</summary>
    public Task ResumeAsync(WorkerProcess worker) => Inject(FaultKind.Resume, worker, worker.ThawAsync);

    /// <summary>Logs a fault injected into something other than a worker (the store's server), once it has taken effect.</summary>
    public void RecordFault(FaultEvent fault) => _faults.Add(fault);

    /// <summary>The workers still running.</summary>
    public List<WorkerProcess> LiveWorkers() => [.. Fleet.Workers.Where(w => !w.HasExited)];

    /// <summary>How many jobs some worker has finished (<c>done</c> lines in the ledgers).</summary>
    public int FinishedCount() => Fleet.Workers.SelectMany(w => w.Events()).Where(e => e.Kind == LedgerEventKind.Done).Select(e => e.JobId).Distinct().Count();

    /// <summary>Waits until every job in the store is finished.</summary>
    public Task WaitUntilQuietAsync() => Fleet.WaitUntilAsync("every job is finished", Store.Admin.AllFinishedAsync);

    /// <summary>Adds enqueues other processes made and recorded themselves (producer processes), for the checker.</summary>
    public void AddEnqueues(IEnumerable<Enqueue> enqueues) => _enqueues.AddRange(enqueues);

    /// <summary>Stops the live workers and gathers the run's history; <paramref name="notMeantToComplete"/> are left out of <c>lost</c>.</summary>
    public async Task<ChaosHistory> FinishAsync(IReadOnlySet<long>? notMeantToComplete = null)
    {
        await Fleet.StopAllAsync();
        return new ChaosHistory
        {
            Enqueues = _enqueues,
            Events = [.. Fleet.Workers.SelectMany(w => w.Events())],
            Faults = _faults,
            Jobs = await Store.Admin.AllJobsAsync(),
            NotMeantToComplete = notMeantToComplete ?? new HashSet<long>(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        Fleet.Dispose();
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    /// <summary>
    /// Injects the fault and logs it once it has taken effect: a worker goes on until the signal lands, so a fault
    /// logged before it would make the worker's last executions look as if they began after it.
    /// </summary>
    private async Task Inject(FaultKind kind, WorkerProcess worker, Func<Task> fault)
    {
        await fault();
        _faults.Add(new FaultEvent(kind, worker.Pid, TimeProvider.System.GetUtcNow()));
    }

    private async Task<List<long>> InsertAsync(IReadOnlyList<NewJob> jobs)
    {
        var at = TimeProvider.System.GetUtcNow();
        try
        {
            var inserted = await Store.Store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, CancellationToken.None);
            var ids = inserted.Jobs.Select(j => j.Id).ToList();
            _enqueues.AddRange(ids.Select(id => new Enqueue(id, EnqueueOutcome.Ok, at)));
            return ids;
        }
        catch (Exception ex) when (IsStoreError(ex))
        {
            _enqueues.AddRange(jobs.Select(_ => new Enqueue(null, EnqueueOutcome.Unknown, at)));
            throw;
        }
    }

    private static NewJob Job(string kind, object args, int maxAttempts) => new()
    {
        Kind = kind,
        Queue = "default",
        Args = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(args)),
        MaxAttempts = maxAttempts,
    };

    /// <summary>Whether <paramref name="ex"/> is a store's error (its server may be restarting): a wait's "not yet".</summary>
    internal static bool IsStoreError(Exception ex) => ex is DbException or RedisException or TimeoutException;
}
