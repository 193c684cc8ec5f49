using Conveyor.Maintenance;
using Conveyor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Maintenance;

/// <summary>The maintenance loop on a fake clock that moves exactly to each 250 ms tick, as a timer fires.</summary>
public sealed class MaintenanceRunnerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Theory]
    [InlineData(250, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(1000, new[] { 0, 4, 8 })]
    public async Task Task_RunsEveryIntervalOfTicks_WhenAnEarlierTaskDelayedItsFirstRun(int intervalMs, int[] expectedTicks)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var origin = time.GetUtcNow();
        var counted = new CountingTask(TimeSpan.FromMilliseconds(intervalMs), time);
        var runner = new MaintenanceRunner(
            new InMemoryJobStore(time),
            [new ClockTask(time, TimeSpan.FromMilliseconds(20)), counted],
            time,
            NullLogger<MaintenanceRunner>.Instance,
            "node",
            new ConveyorOptions());
        using var stop = new CancellationTokenSource();
        var loop = runner.RunAsync(stop.Token);

        for (var tick = 1; tick <= 8; tick++)
        {
            await counted.WaitForRunsAsync(expectedTicks.Count(t => t < tick));
            time.Advance(origin + tick * Tick - time.GetUtcNow());
        }

        await counted.WaitForRunsAsync(expectedTicks.Length);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Equal(expectedTicks.Select(t => origin + t * Tick), counted.Runs);
    }

    [Fact]
    public async Task NodeThatIsNotTheLeader_RunsOnlyTheTasksForEveryNode()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var origin = time.GetUtcNow();
        var store = new InMemoryJobStore(time);
        var held = await store.TryAcquireLeadershipAsync(new() { Name = "maintenance", Owner = "leader", Ttl = TimeSpan.FromHours(1) }, CancellationToken.None);
        var leaderOnly = new CountingTask(Tick, time);
        var everyNode = new CountingTask(Tick, time, runsOnEveryNode: true);
        var runner = new MaintenanceRunner(store, [leaderOnly, everyNode], time, NullLogger<MaintenanceRunner>.Instance, "follower", new ConveyorOptions());
        using var stop = new CancellationTokenSource();
        var loop = runner.RunAsync(stop.Token);

        for (var tick = 1; tick <= 4; tick++)
        {
            await everyNode.WaitForRunsAsync(tick);
            time.Advance(origin + tick * Tick - time.GetUtcNow());
        }

        await everyNode.WaitForRunsAsync(5);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.True(held.IsLeader);
        Assert.False(runner.IsLeader);
        Assert.Empty(leaderOnly.Runs);
    }

    /// <summary>Takes <c>took</c> of the fake clock on its first run (a slow store call), then is never due again.</summary>
    private sealed class ClockTask(FakeTimeProvider time, TimeSpan took) : MaintenanceTask
    {
        public override TimeSpan Interval => TimeSpan.FromHours(1);

        public override string Name => "clock";

        public override Task RunOnceAsync(CancellationToken ct)
        {
            time.Advance(took);
            return Task.CompletedTask;
        }
    }

    /// <summary>Records the tick each run started on (the fake clock rounded down to a tick).</summary>
    private sealed class CountingTask(TimeSpan interval, FakeTimeProvider time, bool runsOnEveryNode = false) : MaintenanceTask
    {
        private readonly List<DateTimeOffset> _runs = [];

        public override TimeSpan Interval => interval;

        public override bool RunsOnEveryNode => runsOnEveryNode;

        public override string Name => "counting";

        public IReadOnlyList<DateTimeOffset> Runs
        {
            get
            {
                lock (_runs)
                {
                    return [.. _runs];
                }
            }
        }

        public override Task RunOnceAsync(CancellationToken ct)
        {
            var now = time.GetUtcNow();
            lock (_runs)
            {
                _runs.Add(now - TimeSpan.FromTicks(now.Ticks % Tick.Ticks));
            }

            return Task.CompletedTask;
        }

        /// <summary>Waits (real time, up to 2 s) until the task has run <paramref name="count"/> times, and fails if it runs more.</summary>
        public async Task WaitForRunsAsync(int count)
        {
            for (var waited = 0; Runs.Count < count && waited < 2_000; waited += 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            Assert.True(Runs.Count == count, $"Expected {count} runs, saw {Runs.Count} at {string.Join(", ", Runs.Select(r => r.TimeOfDay))}.");
        }
    }
}
