using Conveyor.Storage;

namespace Conveyor.Sqlite.Tests;

/// <summary>What RecordStatsAsync refuses: a request with one malformed minute writes none of its minutes.</summary>
public sealed class SqliteStatsRecordTests
{
    private static readonly DateTimeOffset Minute = new(2026, 1, 1, 10, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 17)]
    public async Task RecordStatsAsync_WritesNothing_WhenAMinuteIsNotAWholeMinuteOrHasTheWrongBuckets(int secondsPast, int buckets)
    {
        using var db = new TempDatabase();
        var store = await db.OpenMigratedAsync();
        var good = new QueueMinute { Queue = "mail", Minute = Minute, Processed = 1, Durations = new long[DurationBuckets.Count] };
        var bad = good with { Minute = Minute.AddSeconds(secondsPast), Durations = new long[buckets] };

        var record = () => store.RecordStatsAsync(new RecordStatsRequest { Minutes = [good, bad] }, CancellationToken.None).AsTask();

        await Assert.ThrowsAsync<ArgumentException>(record);
        Assert.Empty((await store.ListStatsAsync(new ListStatsRequest { Since = DateTimeOffset.UnixEpoch }, CancellationToken.None)).Minutes);
    }
}
