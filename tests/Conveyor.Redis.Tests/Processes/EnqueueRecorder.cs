using System.Collections.Concurrent;
using System.Globalization;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis.Tests.Processes;

/// <summary>
/// Enqueues ledger jobs under a prefix through a store of its own, each with arguments no other job has, and records
/// every enqueue the store acknowledged (returned ids for) with when: what a server kill may not lose. Producer loops
/// enqueue until stopped, or until the server fails them.
/// </summary>
internal sealed class EnqueueRecorder : IAsyncDisposable
{
    private readonly RedisJobStore _store;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<AcknowledgedJob> _acknowledged = new();
    private readonly ConcurrentQueue<(long At, Exception Error)> _failures = new();
    private readonly List<Task> _loops = [];
    private int _batches;

    public EnqueueRecorder(string configuration, string prefix) =>
        _store = new RedisJobStore(configuration, new RedisStoreOptions { Prefix = prefix });

    /// <summary>Every enqueue acknowledged so far.</summary>
    public IReadOnlyCollection<AcknowledgedJob> Acknowledged => _acknowledged;

    /// <summary>The enqueues that failed (a producer stops at its first), with when (a <see cref="TimeProvider.System"/> timestamp).</summary>
    public IReadOnlyCollection<(long At, Exception Error)> Failures => _failures;

    /// <summary>Enqueues <paramref name="count"/> jobs on <paramref name="queue"/> in one batch, and records them.</summary>
    public async Task EnqueueAsync(int count, string queue = QueueNames.Default, CancellationToken ct = default)
    {
        var batch = Interlocked.Increment(ref _batches);
        var args = Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $$"""{"batch":{{batch}},"n":{{i}}}""")).ToList();
        var jobs = args.Select(a => JobPrefix.LedgerJob(queue, a)).ToList();
        var result = await _store.InsertAsync(new InsertJobsRequest { Jobs = jobs }, ct);
        var at = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            _acknowledged.Enqueue(new AcknowledgedJob(result.Jobs[i].Id, args[i], at));
        }
    }

    /// <summary>Starts <paramref name="producers"/> loops, each enqueuing <paramref name="batch"/> jobs, then pausing <paramref name="pause"/>.</summary>
    public void StartProducers(int producers, int batch, TimeSpan pause)
    {
        for (var i = 0; i < producers; i++)
        {
            _loops.Add(Task.Run(() => ProduceAsync(batch, pause)));
        }
    }

    /// <summary>
    /// Stops the producers and closes the store's connection, so that no enqueue still waiting for the server (queued
    /// while it is down) reaches it later; waits for the loops.
    /// </summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _store.DisposeAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task ProduceAsync(int batch, TimeSpan pause)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await EnqueueAsync(batch, ct: _stop.Token);
                await Task.Delay(pause, _stop.Token);
            }
            catch (Exception error) when (error is RedisException or OperationCanceledException or ObjectDisposedException)
            {
                _failures.Enqueue((TimeProvider.System.GetTimestamp(), error));
                return;
            }
        }
    }
}
