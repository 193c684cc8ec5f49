using System.Collections.Concurrent;
using Conveyor.Storage;

namespace Conveyor.Sqlite.Tests;

/// <summary>
/// Several store instances on one file, each with its own connections, as several worker processes would have:
/// SQLite's single writer (every write a BEGIN IMMEDIATE transaction) is what keeps them correct.
/// </summary>
public sealed class SqliteMultiInstanceTests
{
    [Fact]
    public async Task InsertAsync_KeepsOneJobPerUniqueKey_WhenEightInstancesInsertItAtOnce()
    {
        using var db = new TempDatabase();
        var first = await db.OpenMigratedAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => db.Open()).ToList();
        using var start = new Barrier(stores.Count);

        var results = await Task.WhenAll(stores.Select(store => OnOwnThread(async () =>
        {
            start.SignalAndWait();
            return (await store.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job(uniqueKey: "report-42")] }, CancellationToken.None)).Jobs[0];
        })));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(results, r => !r.Duplicate);
        Assert.Equal(1, await first.CountAsync());
    }

    [Fact]
    public async Task InsertAsync_FreesTheUniqueKey_WhenItsJobCompletes()
    {
        using var db = new TempDatabase();
        var time = TempDatabase.NewClock();
        var store = await db.OpenMigratedAsync(time);
        var other = db.Open(time);
        var firstId = (await store.InsertAsync(TempDatabase.Job(uniqueKey: "report-42")))[0];
        var job = Assert.Single(await store.FetchAsync());

        var held = (await other.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job(uniqueKey: "report-42")] }, CancellationToken.None)).Jobs[0];
        await store.CompleteAsync(StoreCalls.Completion(job, CompletionKind.Completed, time.GetUtcNow()));
        var freed = (await other.InsertAsync(new InsertJobsRequest { Jobs = [TempDatabase.Job(uniqueKey: "report-42")] }, CancellationToken.None)).Jobs[0];

        Assert.Equal(new InsertedJob(firstId, Duplicate: true), held);
        Assert.False(freed.Duplicate);
        Assert.NotEqual(firstId, freed.Id);
        Assert.Equal(JobState.Completed, (await store.GetAsync(firstId))!.State);
    }

    [Fact]
    public async Task FetchAsync_ClaimsEveryJobExactlyOnce_WhenFourInstancesFetchAtOnce()
    {
        const int Jobs = 5_000;
        using var db = new TempDatabase();
        var seed = await db.OpenMigratedAsync();
        var ids = await seed.InsertAsync([.. Enumerable.Range(0, Jobs).Select(_ => TempDatabase.Job())]);
        var fetchers = Enumerable.Range(0, 4).Select(_ => db.Open()).ToList();
        var claimed = new ConcurrentBag<long>();

        await Task.WhenAll(fetchers.Select((store, i) => OnOwnThread(async () =>
        {
            IReadOnlyList<JobRecord> batch;
            do
            {
                batch = await store.FetchAsync(limit: 50, owner: $"fetcher-{i}");
                foreach (var job in batch)
                {
                    claimed.Add(job.Id);
                }
            }
            while (batch.Count > 0);
            return 0;
        })));

        Assert.Equal(Jobs, claimed.Count);
        Assert.Equal(ids.Order(), claimed.Order());
        Assert.Equal(Jobs, await seed.CountAsync(JobState.Running));
    }

    [Fact]
    public async Task RecordStatsAsync_AddsEveryInstancesCounts_WhenFourInstancesRecordTheSameMinutesAtOnce()
    {
        using var db = new TempDatabase();
        var seed = await db.OpenMigratedAsync();
        var writers = Enumerable.Range(0, 4).Select(_ => db.Open()).ToList();
        var minute = new DateTimeOffset(2026, 1, 1, 10, 30, 0, TimeSpan.Zero);
        var durations = new long[DurationBuckets.Count];
        durations[^1] = 1;
        QueueMinute Minute(string queue) => new() { Queue = queue, Minute = minute, Processed = 1, Discarded = 1, Durations = durations };
        using var start = new Barrier(writers.Count);

        await Task.WhenAll(writers.Select(store => OnOwnThread(async () =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 25; i++)
            {
                await store.RecordStatsAsync(new RecordStatsRequest { Minutes = [Minute("mail"), Minute("billing")] }, CancellationToken.None);
            }

            return 0;
        })));

        var minutes = (await seed.ListStatsAsync(new ListStatsRequest { Since = minute }, CancellationToken.None)).Minutes;
        Assert.Equal([("billing", 100L, 100L, 100L), ("mail", 100L, 100L, 100L)], minutes.Select(m => (m.Queue, m.Processed, m.Discarded, m.Durations[^1])));
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a dedicated thread. Racers block (at the start barrier, and in the store's
    /// synchronous SQLite calls while they wait for the write lock); on pool threads they would wait for the pool to
    /// inject threads instead of racing.
    /// </summary>
    private static Task<T> OnOwnThread<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
