using System.Collections.Concurrent;

namespace Conveyor.Storage.Conformance;

/// <summary>
/// Ordering keys: a job with one is fetched only when every job of its queue, kind and key with a lower id has
/// finished (completed, discarded, cancelled or deleted); other lines, kinds, queues and jobs without a key are not held.
/// </summary>
public abstract class OrderingConformance : StoreConformanceBase
{
    /// <summary>What ends the first job of a line in <see cref="Fetch_HandsOutTheNextJob_WhenTheEarlierOneFinishes"/>.</summary>
    public enum Ending
    {
        /// <summary>It runs and completes.</summary>
        Complete,

        /// <summary>It runs and is discarded.</summary>
        Discard,

        /// <summary>It is cancelled while it waits.</summary>
        Cancel,

        /// <summary>It is deleted while it waits.</summary>
        Delete,
    }

    [Fact]
    public async Task Insert_KeepsTheOrderingKey_ForGetAndList()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var id = (await InsertAsync(store, Ordered("account-7")))[0];

        Assert.Equal("account-7", (await GetAsync(store, id)).OrderingKey);
        Assert.Equal("account-7", Assert.Single(await AllJobsAsync(store)).OrderingKey);
    }

    [Fact]
    public async Task Fetch_HandsOutOnlyTheFirstJobOfALine_WhenSeveralAreAvailable()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a"), Ordered("a"), Ordered("b"), Ordered("a"), Job(), Ordered("b"));

        var fetched = await FetchAsync(store, limit: 10);

        Assert.Equal([ids[0], ids[2], ids[4]], fetched.Select(j => j.Id).Order());
        Assert.Equal(JobState.Available, (await GetAsync(store, ids[1])).State);
    }

    [Fact]
    public async Task Fetch_HoldsBackALaterJob_WhileTheEarlierRunsAndWaitsToRetry()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a"), Ordered("a"));
        var first = Assert.Single(await FetchAsync(store));
        Assert.Empty(await FetchAsync(store));

        await CompleteAsync(store, Completion(first, CompletionKind.Retry, time.GetUtcNow(), time.GetUtcNow().AddSeconds(10), Error(first, time.GetUtcNow())));
        Assert.Empty(await FetchAsync(store));
        time.Advance(TimeSpan.FromSeconds(10));
        await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);
        var again = Assert.Single(await FetchAsync(store));
        Assert.Equal((ids[0], 2), (again.Id, again.Attempt));
        await CompleteAsync(store, Completion(again, CompletionKind.Completed, time.GetUtcNow()));

        var second = Assert.Single(await FetchAsync(store));
        Assert.Equal((ids[1], 1), (second.Id, second.Attempt));
    }

    [Fact]
    public async Task Fetch_HoldsBackALaterJob_WhileTheEarlierIsScheduled()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a", scheduledAt: time.GetUtcNow().AddMinutes(1)), Ordered("a"));

        Assert.Empty(await FetchAsync(store));
        time.Advance(TimeSpan.FromMinutes(1));
        await store.Store.PromoteDueAsync(new PromoteDueRequest { Limit = 10 }, CancellationToken.None);

        Assert.Equal(ids[0], Assert.Single(await FetchAsync(store)).Id);
    }

    [Theory]
    [InlineData(Ending.Complete)]
    [InlineData(Ending.Discard)]
    [InlineData(Ending.Cancel)]
    [InlineData(Ending.Delete)]
    public async Task Fetch_HandsOutTheNextJob_WhenTheEarlierOneFinishes(Ending ending)
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a"), Ordered("a"), Ordered("a"));
        var request = new JobIdsRequest { JobIds = [ids[0]] };
        switch (ending)
        {
            case Ending.Complete or Ending.Discard:
                var first = Assert.Single(await FetchAsync(store));
                var kind = ending == Ending.Complete ? CompletionKind.Completed : CompletionKind.Discard;
                await CompleteAsync(store, Completion(first, kind, time.GetUtcNow()));
                break;
            case Ending.Cancel:
                await store.Admin.CancelJobsAsync(request, CancellationToken.None);
                break;
            case Ending.Delete:
                await store.Admin.DeleteJobsAsync(request, CancellationToken.None);
                break;
        }

        Assert.Equal(ids[1], Assert.Single(await FetchAsync(store)).Id);
        Assert.Empty(await FetchAsync(store));
    }

    [Fact]
    public async Task Fetch_HandsOutARetriedJobFirst_WhenItIsRetriedFromTheDeadLetterQueue()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a"), Ordered("a"), Ordered("a"));
        var first = Assert.Single(await FetchAsync(store, limit: 1));
        await CompleteAsync(store, Completion(first, CompletionKind.Discard, time.GetUtcNow()));

        await store.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [ids[0]] }, CancellationToken.None);

        Assert.Equal(ids[0], Assert.Single(await FetchAsync(store)).Id);
    }

    [Fact]
    public async Task Fetch_KeepsLinesApart_ByKeyKindAndQueue()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        var ids = await InsertAsync(store, Ordered("a"), Ordered("a"), Ordered("a", kind: "other"), Ordered("a", queue: "other"), Ordered("b"), Job(), Job());

        Assert.Equal([ids[0], ids[2], ids[4], ids[5], ids[6]], (await FetchAsync(store, limit: 10)).Select(j => j.Id).Order());
        Assert.Equal(ids[3], Assert.Single(await FetchAsync(store, "other")).Id);
    }

    [Fact]
    public async Task Fetch_NeverHoldsTwoJobsOfALine_AndHandsThemOutInOrder_WithEightConcurrentFetchers()
    {
        var (store, time) = await StartAsync();
        await using var _ = store;
        var keys = Enumerable.Range(0, 10).Select(k => $"key-{k}").ToArray();
        var ids = await InsertAsync(store, [.. Enumerable.Range(0, 300).Select(i => Ordered(keys[i % keys.Length]))]);
        var holders = new ConcurrentDictionary<string, long>();
        var started = keys.ToDictionary(k => k, _ => new List<long>());
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var idle = 0;
            while (idle < 20)
            {
                var batch = await FetchAsync(store, limit: 4, owner: $"worker-{worker}");
                idle = batch.Count == 0 ? idle + 1 : 0;
                foreach (var job in batch)
                {
                    if (!holders.TryAdd(job.OrderingKey!, job.Id))
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    lock (started)
                    {
                        started[job.OrderingKey!].Add(job.Id);
                    }
                }

                foreach (var job in batch)
                {
                    // Out of the ledger before the store hears of it, so the next job of the key cannot be fetched first.
                    holders.TryRemove(job.OrderingKey!, out var _);
                    await CompleteAsync(store, Completion(job, CompletionKind.Completed, time.GetUtcNow()));
                }

                if (batch.Count == 0)
                {
                    await Task.Yield();
                }
            }
        })));

        Assert.Equal(0, overlaps);
        foreach (var (key, line) in started)
        {
            Assert.Equal(ids.Where((_, i) => keys[i % keys.Length] == key), line);
        }
    }

    /// <summary>A new job with ordering key <paramref name="key"/>.</summary>
    private static NewJob Ordered(string key, string queue = "default", string kind = "test", DateTimeOffset? scheduledAt = null) =>
        Job(queue, kind: kind, scheduledAt: scheduledAt) with { OrderingKey = key };
}
