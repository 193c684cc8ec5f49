using Conveyor.Storage;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// Per-minute statistics beyond the conformance suite: writers that give the same minutes in opposite orders never
/// deadlock, a minute given twice in one request adds up, malformed minutes are refused, queues list in ordinal order.
/// </summary>
public sealed class PostgresStatsWriterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordStats_NeverDeadlocks_WhenWritersGiveTheSameMinutesInOppositeOrders()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var minutes = (from queue in new[] { "a", "b", "c", "d" } from i in Enumerable.Range(0, 10) select Minute(queue, Start.AddMinutes(i), processed: 1)).ToList();

        // PostgreSQL would end one side of a deadlock with SQLSTATE 40P01 after deadlock_timeout.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var mine = writer % 2 == 0 ? minutes : Enumerable.Reverse(minutes).ToList();
            for (var round = 0; round < 20; round++)
            {
                await store.RecordStatsAsync(new RecordStatsRequest { Minutes = mine }, CancellationToken.None);
            }
        })));

        var stored = (await store.ListStatsAsync(new ListStatsRequest { Since = Start }, CancellationToken.None)).Minutes;
        Assert.Equal(minutes.Count, stored.Count);
        Assert.All(stored, m => Assert.Equal((160L, 160L), (m.Processed, m.Durations[2])));
    }

    [Fact]
    public async Task RecordStats_AddsBothUp_WhenARequestGivesAMinuteTwice()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();

        await store.RecordStatsAsync(new RecordStatsRequest { Minutes = [Minute("mail", Start, processed: 2, depth: 7), Minute("mail", Start, processed: 3)] }, CancellationToken.None);

        var stored = Assert.Single((await store.ListStatsAsync(new ListStatsRequest { Since = Start }, CancellationToken.None)).Minutes);
        Assert.Equal((5L, 5L, (long?)7), (stored.Processed, stored.Durations[2], stored.Depth));
    }

    [Theory]
    [InlineData(30, 0, 17)]
    [InlineData(0, 2, 17)]
    [InlineData(0, 0, 16)]
    public async Task RecordStats_Throws_WhenAMinuteIsNotAWholeUtcMinuteOrHasTheWrongBuckets(int seconds, int offsetHours, int buckets)
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        var minute = new QueueMinute
        {
            Queue = "mail",
            Minute = new DateTimeOffset(2026, 1, 1, 10, 0, seconds, TimeSpan.FromHours(offsetHours)),
            Durations = new long[buckets],
        };

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.RecordStatsAsync(new RecordStatsRequest { Minutes = [minute] }, CancellationToken.None));
    }

    [Fact]
    public async Task ListStats_OrdersQueuesOrdinally_WhateverTheDatabasesDefaultCollation()
    {
        await using var db = new TestDatabase();
        var store = await db.OpenMigratedAsync();
        await store.RecordStatsAsync(new RecordStatsRequest { Minutes = [Minute("a", Start, 1), Minute("_", Start, 1), Minute("B", Start, 1)] }, CancellationToken.None);

        var stored = (await store.ListStatsAsync(new ListStatsRequest { Since = Start }, CancellationToken.None)).Minutes;

        Assert.Equal(["B", "_", "a"], stored.Select(m => m.Queue));
        // The test server's default collation is bytewise too; the column's own collation is what holds elsewhere.
        Assert.Equal("C", await TestDatabase.ScalarAsync(
            $"SELECT collation_name FROM information_schema.columns WHERE table_schema = '{db.Schema}' AND table_name = 'stats' AND column_name = 'queue'"));
    }

    private static QueueMinute Minute(string queue, DateTimeOffset minute, long processed, long? depth = null)
    {
        var durations = new long[DurationBuckets.Count];
        durations[2] = processed;
        return new QueueMinute { Queue = queue, Minute = minute, Processed = processed, Durations = durations, Depth = depth };
    }
}
