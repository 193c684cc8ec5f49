using System.Collections.Concurrent;
using System.Text;
using Conveyor.Runtime;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>The lease keeper on the in-memory store and a fake clock: what a renewal that finds a job gone does.</summary>
public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Renewal_StopsOnlyRunningHandlers_WhenLeasesComeBackLost()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJobStore(time);
        await store.InsertAsync(new InsertJobsRequest { Jobs = [NewJob(), NewJob()] }, CancellationToken.None);
        var fetched = (await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 2, Owner = "node", LeaseDuration = Lease }, CancellationToken.None)).Jobs;
        var inFlight = new InFlightJobs();
        var (finished, running) = (new InFlightJob(fetched[0], time.GetTimestamp(), InFlightJob.Deadline(time.GetTimestamp(), Lease, time)), new InFlightJob(fetched[1], time.GetTimestamp(), InFlightJob.Deadline(time.GetTimestamp(), Lease, time)));
        inFlight.Add(finished);
        inFlight.Add(running);

        // The first job's handler returned and its completion landed before the renewal reached the store; the second
        // job was taken from this node (here: completed by another hand) while its handler still runs.
        Assert.True(finished.TryFinish());
        var completions = fetched.Select(j => JobStateMachine.Decide(j, new ExecutionOutcome.Succeeded(), RetryPolicy.Default, time.GetUtcNow(), 0)).ToList();
        await store.CompleteAsync(new CompleteJobsRequest { Completions = completions }, CancellationToken.None);
        var log = new ListLogger();
        using var stop = new CancellationTokenSource();
        var keeper = new LeaseKeeper(store, inFlight, time, log, "node", Lease).RunAsync(stop.Token);

        var stopped = new TaskCompletionSource();
        using var registration = running.Token.Register(stopped.SetResult);
        time.Advance(Lease / 3);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StopReason.LeaseLost, running.Reason);
        Assert.Equal(StopReason.None, finished.Reason);
        Assert.Equal([$"Lost the lease of job {running.Job.Id}; stopping its handler"], log.Lines);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keeper);
    }

    private static NewJob NewJob() => new() { Kind = "work", Queue = "default", Args = Encoding.UTF8.GetBytes("{}"), MaxAttempts = 3 };

    private sealed class ListLogger : ILogger<LeaseKeeper>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
