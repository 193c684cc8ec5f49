using Conveyor.Chaos.Tests.Harness;
using Conveyor.Chaos.Tests.SqliteProcesses;
using Conveyor.Chaos.Tests.Stores;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>
/// The store's disk fills up (a tmpfs of the test's own, filled by a file) while a producer enqueues and workers work:
/// enqueues must fail with an error that says the disk is full and that nothing was enqueued (and indeed leave nothing),
/// no acknowledged job may be lost, the workers must ride it out, and once the filler is deleted enqueues and work must
/// go on by themselves and every acknowledged job complete.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Redis)]
    [InlineData(StoreKind.Postgres)]
    public async Task FullDisk_RefusesEnqueuesClearly_LosesNothing_AndResumesWhenSpaceReturns(StoreKind kind)
    {
        await using var disk = await TmpfsMount.MountAsync(DiskFullSizes.DiskMegabytes(kind));
        await using var store = await StoreOnDisk.CreateAsync(kind, disk.Path);
        await using var cluster = await ChaosCluster.CreateAsync(kind, store.Connection, TimeSpan.FromMinutes(2));
        var run = await DiskFullRun.RunAsync(cluster, new DiskFiller(disk.Path));
        // SQLite's file is checked whole; a server store's files are its server's to check.
        var integrity = kind == StoreKind.Sqlite ? await SqliteFile.IntegrityCheckAsync(cluster.Store.Connection) : null;
        output.WriteLine(ChaosReport.Write("disk-full", kind, run.Figures, run.Notes + (integrity is null ? "" : $"; integrity_check: {integrity}")));
        output.WriteLine(run.Errors.ToString());

        switch (kind)
        {
            case StoreKind.Sqlite:
                AssertRefusedClearly(run, "Microsoft.Data.Sqlite.SqliteException: ", "is full", "nothing was enqueued");
                break;
            case StoreKind.Postgres:
                // 53100 is disk_full; the server's own words vary with the file it could not grow (a table, pg_xact).
                AssertRefusedClearly(run, "Npgsql.PostgresException: 53100: ", "is full", "nothing was enqueued");
                break;
            default:
                AssertRefusedClearly(run, "StackExchange.Redis.RedisServerException: ", "No space left on device", "nothing was enqueued");
                break;
        }

        AssertNothingLost(run);
        Assert.True(integrity is null or "ok", $"integrity_check: {integrity}");
    }

    /// <summary>The fill was felt, and every refusal the caller saw says what happened (type and words) and left nothing behind.</summary>
    private static void AssertRefusedClearly(DiskFullOutcome run, string type, params string[] words)
    {
        Assert.True(run.Calls.Refused >= DiskFullSizes.RefusedCalls, $"Only {run.Calls.Refused} enqueues were refused: the full disk was not felt.");
        Assert.All(run.Calls.Errors, error =>
        {
            Assert.StartsWith(type, error, StringComparison.Ordinal);
            Assert.All(words, word => Assert.Contains(word, error, StringComparison.Ordinal));
        });
        Assert.Equal(0, run.Calls.RefusedButStored);
    }

    /// <summary>
    /// Every acknowledged enqueue is in the store as returned and ran to completion, again only where a lease ran out
    /// while the disk was full; the producer and every worker went on soon after the space came back.
    /// </summary>
    private static void AssertNothingLost(DiskFullOutcome run)
    {
        Assert.Equal(0, run.Calls.AcknowledgedMismatched);
        Assert.Equal(0, run.Calls.UnknownCommitted + run.Calls.UnknownNotCommitted + run.Calls.Partial);
        Assert.Equal(0, run.Figures.Lost);
        Assert.Equal(0, run.Figures.Unexpected);
        Assert.Equal(0, run.Figures.NotCompletedInStore);
        Assert.Equal(0, run.Figures.SameAttemptTwice);
        Assert.Equal(0, run.Figures.DuplicateEffects);
        Assert.True(run.Outage.Unexplained.Count == 0, "Re-runs no lease rescued across the full disk explains:\n" + string.Join("\n", run.Outage.Unexplained.Take(10)));
        Assert.Equal(run.Figures.Acknowledged, run.History.Jobs.Count);
        Assert.True(run.ProducerResumed <= DiskFullSizes.ResumeBound, $"Enqueues went on {run.ProducerResumed} after the space came back.");
        Assert.True(run.Outage.NeverResumed.Count == 0, $"Workers that never finished a job begun after the space came back: {string.Join(", ", run.Outage.NeverResumed)}.");
        Assert.True(run.Outage.ResumePercentile(1) <= DiskFullSizes.ResumeBound.TotalMilliseconds, $"A worker went on {run.Outage.ResumePercentile(1)} ms after the space came back.");
    }
}
