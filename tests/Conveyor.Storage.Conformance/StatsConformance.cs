namespace Conveyor.Storage.Conformance;

/// <summary>Per-minute statistics: minutes of many writers add up, the leader's depth is kept, listing and pruning.</summary>
public abstract class StatsConformance : StoreConformanceBase
{
    private static readonly DateTimeOffset Minute = new(2026, 1, 1, 10, 30, 0, TimeSpan.Zero);

    private IStatsStore Stats(StoreUnderTest store) =>
        store.Store as IStatsStore ?? throw new InvalidOperationException($"{store.Store.GetType().Name} does not implement {nameof(IStatsStore)}.");

    [Fact]
    public async Task RecordStats_AddsEachWritersCounts_IntoTheMinute()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        await RecordAsync(store, Make("mail", Minute, processed: 10, failed: 2, discarded: 1, bucket: 3, depth: null));
        await RecordAsync(store, Make("mail", Minute, processed: 5, failed: 1, discarded: 0, bucket: 3, depth: 40), Make("mail", Minute.AddMinutes(1), processed: 1, failed: 0, discarded: 0, bucket: 0, depth: null));
        await RecordAsync(store, Make("mail", Minute, processed: 1, failed: 0, discarded: 0, bucket: 16, depth: null));

        var minutes = await ListAsync(store, Minute);
        Assert.Equal([Minute, Minute.AddMinutes(1)], minutes.Select(m => m.Minute));
        var first = minutes[0];
        Assert.Equal(("mail", 16L, 3L, 1L, (long?)40), (first.Queue, first.Processed, first.Failed, first.Discarded, first.Depth));
        Assert.Equal(DurationBuckets.Count, first.Durations.Count);
        Assert.Equal(15, first.Durations[3]);
        Assert.Equal(1, first.Durations[16]);
        Assert.Equal(16, first.Durations.Sum());
        Assert.Null(minutes[1].Depth);
    }

    [Fact]
    public async Task RecordStats_LosesNoCount_UnderEightConcurrentWriters()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await RecordAsync(store, Make("mail", Minute, processed: 1, failed: 1, discarded: 0, bucket: 5, depth: null));
            }
        })));

        var minute = Assert.Single(await ListAsync(store, Minute));
        Assert.Equal((80L, 80L, 80L), (minute.Processed, minute.Failed, minute.Durations[5]));
    }

    [Fact]
    public async Task ListStats_FromATime_ForOneQueueOrAll_OrderedByQueueOrdinallyThenMinute()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await RecordAsync(store,
            Make("mail", Minute.AddMinutes(1), 1, 0, 0, 0, null),
            Make("billing", Minute, 2, 0, 0, 0, null),
            Make("Zebra", Minute, 5, 0, 0, 0, null),
            Make("mail", Minute, 3, 0, 0, 0, null),
            Make("mail", Minute.AddMinutes(-5), 4, 0, 0, 0, null));

        var all = await ListAsync(store, Minute);
        var mail = (await Stats(store).ListStatsAsync(new ListStatsRequest { Since = Minute.AddMinutes(-10), Queue = "mail" }, CancellationToken.None)).Minutes;

        Assert.Equal([("Zebra", Minute), ("billing", Minute), ("mail", Minute), ("mail", Minute.AddMinutes(1))], all.Select(m => (m.Queue, m.Minute)));
        Assert.Equal([4L, 3L, 1L], mail.Select(m => m.Processed));
    }

    [Fact]
    public async Task DeleteStats_DeletesOnlyMinutesBeforeTheCutoff_UpToTheLimit()
    {
        var (store, _) = await StartAsync();
        await using var _ = store;
        await RecordAsync(store, [.. Enumerable.Range(0, 5).Select(i => Make("mail", Minute.AddMinutes(i), 1, 0, 0, 0, null))]);

        var first = await Stats(store).DeleteStatsAsync(new DeleteStatsRequest { Before = Minute.AddMinutes(3), Limit = 2 }, CancellationToken.None);
        var second = await Stats(store).DeleteStatsAsync(new DeleteStatsRequest { Before = Minute.AddMinutes(3), Limit = 2 }, CancellationToken.None);

        Assert.Equal((2, 1), (first.Deleted, second.Deleted));
        Assert.Equal([Minute.AddMinutes(3), Minute.AddMinutes(4)], (await ListAsync(store, Minute.AddMinutes(-1))).Select(m => m.Minute));
    }

    private static QueueMinute Make(string queue, DateTimeOffset minute, long processed, long failed, long discarded, int bucket, long? depth)
    {
        var durations = new long[DurationBuckets.Count];
        durations[bucket] = processed;
        return new QueueMinute { Queue = queue, Minute = minute, Processed = processed, Failed = failed, Discarded = discarded, Durations = durations, Depth = depth };
    }

    private Task RecordAsync(StoreUnderTest store, params QueueMinute[] minutes) =>
        Stats(store).RecordStatsAsync(new RecordStatsRequest { Minutes = minutes }, CancellationToken.None).AsTask();

    private async Task<IReadOnlyList<QueueMinute>> ListAsync(StoreUnderTest store, DateTimeOffset since) =>
        (await Stats(store).ListStatsAsync(new ListStatsRequest { Since = since }, CancellationToken.None)).Minutes;
}
