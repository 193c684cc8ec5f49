using Conveyor.Chaos.Tests.Faults;
using Conveyor.Chaos.Tests.Stores;
using Conveyor.Storage;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// Fault-suite item 8, the slow store: "200 ms per round trip, 2 s stalls: spurious rescues = 0". Two in-process hosts
/// reach PostgreSQL or Redis through a <see cref="TcpProxy"/> that adds 100 ms each way to every chunk and, during the
/// run, holds all traffic for 2 s a few times. No job may be rescued: a slow but live worker keeps its leases. Results
/// are read through the namespace's own direct connection (<see cref="ChaosStore.Admin"/>), never through the proxy.
/// SQLite does not apply: it is a file opened in the worker's own process, with no network hop to slow down or stall.
/// </summary>
public sealed class SlowStoreTests(ITestOutputHelper output)
{
    private const int Hosts = 2;
    private const int WorkersPerHost = 8;

    // Production's ratios (lease 30 s, leadership TTL half of it, renewals every third of the lease) at a fifth of the
    // scale, so the run stays short; the rescuer sweeps every second, so an expired lease would be found at once.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan LeadershipTtl = Lease / 2;
    private static readonly TimeSpan RescueInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StallLength = TimeSpan.FromSeconds(2);

    // The first stall comes a second into the run; the next ones half a lease after the previous one ended, so one
    // renewal period is never held by two stalls.
    private static readonly TimeSpan FirstStall = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StallGap = Lease / 2;

    private static readonly TimeSpan LongJob = Lease + TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(StoreKind.Postgres)]
    [InlineData(StoreKind.Redis)]
    public async Task SlowStore_RescuesNothingAndRunsEveryJobOnce_WhenRoundTripsAreSlowAndTheLinkStalls(StoreKind kind)
    {
        // The rule the timings keep: renewals are sent every lease/3, and one can be held by a stall plus a round trip,
        // so two renewals reach the store at most lease/3 + stall + RTT apart (2 + 2 + 0.2 = 4.2 s). That must stay
        // well inside the lease: within three quarters of it (4.5 s), leaving 1.8 s, nine round trips, to spare.
        Assert.True(Lease / 3 + StallLength + 2 * OneWay <= Lease * 0.75, "The setup breaks its own rule: a stall could outlast a lease.");
        var sizes = SlowStoreSizes.Current;
        Assert.True(sizes.LongJobs < Hosts * WorkersPerHost, "Long jobs would take every slot until the last stall ends.");
        await using var store = await ChaosStore.CreateAsync(kind);
        await using var proxy = ProxiedStore.StartProxy(store);
        proxy.Latency = OneWay;
        var run = new SlowStoreRun();
        var hosts = new List<IHost>();
        try
        {
            hosts.AddRange(await Task.WhenAll(Enumerable.Range(0, Hosts).Select(_ => StartHostAsync(store, proxy, run))));
            var started = TimeProvider.System.GetTimestamp();
            var ids = await EnqueueAsync(hosts[0], sizes);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(sizes.Jobs / 5 + 60));
            var stalls = await InjectStallsAsync(proxy, run, sizes, deadline.Token);
            await WaitUntilAllFinishedAsync(store.Admin, deadline.Token);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            await Task.WhenAll(hosts.Select(h => h.StopAsync()));

            var jobs = await store.Admin.AllJobsAsync();
            var figures = SlowStoreFigures.Of(kind, sizes, jobs, run, stalls, elapsed, 2 * OneWay);
            output.WriteLine(figures.ToString());
            run.Log.Lines.Take(50).ToList().ForEach(output.WriteLine);

            AssertEveryJobRanOnceAndNoneWasRescued(ids, jobs, run);
            Assert.True(figures.LongestRenewalGap < Lease, $"A live lease went {figures.LongestRenewalGap.TotalSeconds:F1} s between renewals, longer than the lease.");
            Assert.Equal(sizes.Stalls, stalls.Count);
            Assert.All(stalls, s => Assert.True(run.Calls.Renewals.Any(s.Held), "A stall held no lease renewal: the run did not test what it claims."));
        }
        finally
        {
            run.EndStalls();
            foreach (var host in hosts)
            {
                await host.StopAsync();
                await ((IAsyncDisposable)host).DisposeAsync();
            }
        }
    }

    private static void AssertEveryJobRanOnceAndNoneWasRescued(IReadOnlyList<long> ids, Dictionary<long, JobRecord> jobs, SlowStoreRun run)
    {
        Assert.Equal(ids.Order(), jobs.Keys.Order());
        var wrong = jobs.Values.Where(j => j.State != JobState.Completed || j.Attempt != 1 || j.Errors.Count > 0).Take(10)
            .Select(j => $"{j.Id}: {j.State} at attempt {j.Attempt}, errors [{string.Join("; ", j.Errors.Select(e => $"{e.ExceptionType}: {e.Message}"))}]")
            .ToList();
        Assert.True(wrong.Count == 0, $"Jobs not completed once at their first attempt:\n{string.Join("\n", wrong)}");
        Assert.DoesNotContain(jobs.Values.SelectMany(j => j.Errors), e => e.ExceptionType == "crashed");

        Assert.Equal(ids.Order(), run.Executions.ByJob.Keys.Order());
        var repeated = run.Executions.ByJob.Where(e => e.Value != 1).Select(e => $"{e.Key}×{e.Value}").Take(10).ToList();
        Assert.True(repeated.Count == 0, $"Jobs executed more than once: {string.Join(", ", repeated)}");
        Assert.Equal((0, 0), (run.Calls.ExpiredLeasesSeen, run.Calls.StaleCompletions));

        // A renewal may race a completion and find the job already completed: the store says lost, and nothing is.
        // A lease lost while its handler still ran would be a real loss.
        var lostWhileRunning = run.Calls.LostLeases
            .Where(l => !run.Executions.FinishedAt.TryGetValue(l.JobId, out var finished) || finished > l.ReportedAt)
            .Select(l => l.JobId).Take(10).ToList();
        Assert.True(lostWhileRunning.Count == 0, $"Jobs lost their lease while their handler ran: {string.Join(", ", lostWhileRunning)}");
        Assert.DoesNotContain(run.Log.Lines, l => l.Contains("LeaseKeeper", StringComparison.Ordinal));
    }

    private static async Task<IHost> StartHostAsync(ChaosStore store, TcpProxy proxy, SlowStoreRun run)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(run.Log);
        builder.Services.AddSingleton(run);
        builder.Services.AddConveyor(c => ProxiedStore.Apply(store, proxy, c)
            .AddHandler<SlowJobHandler>()
            .Queue("default", WorkersPerHost)
            .Configure(o =>
            {
                o.LeaseDuration = Lease;
                o.LeadershipTtl = LeadershipTtl;
                o.RescueInterval = RescueInterval;
                o.ShutdownTimeout = TimeSpan.FromSeconds(5);
                o.AutoMigrate = false;  // ChaosStore migrated the namespace
            }));
        ObservedJobStore.Observe(builder.Services, run.Calls);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// Enqueues the run's jobs in one call (through the proxy): short ones (10–50 ms), and, spread over the first half,
    /// long ones that last longer than a lease and outlast the last stall, so leases that live on renewals are running
    /// whenever a stall comes.
    /// </summary>
    private static async Task<IReadOnlyList<long>> EnqueueAsync(IHost host, SlowStoreSizes sizes)
    {
        var every = sizes.Jobs / 2 / sizes.LongJobs;
        var jobs = Enumerable.Range(0, sizes.Jobs).Select(i => i % every == 0 && i / every < sizes.LongJobs
            ? new SlowJob((int)LongJob.TotalMilliseconds, OutlastsStalls: true)
            : new SlowJob(10 + (i * 7 % 41), OutlastsStalls: false));
        return await host.Services.GetRequiredService<IJobClient>().EnqueueManyAsync(jobs);
    }

    /// <summary>Stalls the link <see cref="SlowStoreSizes.Stalls"/> times, then lets the long jobs finish.</summary>
    private static async Task<List<StallWindow>> InjectStallsAsync(TcpProxy proxy, SlowStoreRun run, SlowStoreSizes sizes, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var stalls = new List<StallWindow>();
        try
        {
            await Task.Delay(FirstStall, time, ct);
            for (var k = 0; k < sizes.Stalls; k++)
            {
                if (k > 0)
                {
                    await Task.Delay(StallGap, time, ct);
                }

                var start = time.GetTimestamp();
                await proxy.StallAsync(StallLength, ct);
                stalls.Add(new StallWindow(start, time.GetTimestamp()));
            }
        }
        finally
        {
            run.EndStalls();
        }

        return stalls;
    }

    private static async Task WaitUntilAllFinishedAsync(IJobAdminStore admin, CancellationToken ct)
    {
        while (!await admin.AllFinishedAsync())
        {
            await Task.Delay(100, ct);
        }
    }
}
