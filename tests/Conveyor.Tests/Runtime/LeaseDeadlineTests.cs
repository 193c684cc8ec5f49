using System.Text;
using Conveyor.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>
/// A worker is sure of a lease only until its last confirmed renewal's send time plus the lease: a cut-off worker's
/// handlers stop at that moment, and a handler that asks (a paused worker waking up) learns it at once.
/// </summary>
public sealed class LeaseDeadlineTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CutOffWorker_StopsItsHandlers_WhenTheLastConfirmedLeaseRunsOut_NotBefore()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inFlight = new InFlightJobs();
        var job = Running(time);
        inFlight.Add(job);
        using var stop = new CancellationTokenSource();
        var keeper = new LeaseKeeper(new UnreachableStore(), inFlight, time, NullLogger<LeaseKeeper>.Instance, "node", Lease).RunAsync(stop.Token);

        await AdvanceAsync(time, TimeSpan.FromSeconds(29));

        Assert.Equal(StopReason.None, job.Reason);
        var stopped = new TaskCompletionSource();
        using var registration = job.Token.Register(stopped.SetResult);
        time.Advance(TimeSpan.FromSeconds(1));
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StopReason.LeaseLost, job.Reason);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keeper);
    }

    [Fact]
    public async Task CutOffWorker_StopsItsHandlersAtTheDeadline_WhileARenewalHangs()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inFlight = new InFlightJobs();
        var job = Running(time);
        inFlight.Add(job);
        var store = new SilentStore();
        using var stop = new CancellationTokenSource();
        var keeper = new LeaseKeeper(store, inFlight, time, NullLogger<LeaseKeeper>.Instance, "node", Lease).RunAsync(stop.Token);

        await AdvanceAsync(time, TimeSpan.FromSeconds(29));

        // One renewal went out at a third of the lease and never came back; none was sent beside it.
        await EventuallyAsync(() => store.Calls > 0, "the renewal at a third of the lease");
        Assert.Equal(1, store.Calls);
        Assert.Equal(StopReason.None, job.Reason);
        var stopped = new TaskCompletionSource();
        using var registration = job.Token.Register(stopped.SetResult);
        time.Advance(TimeSpan.FromSeconds(1));
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StopReason.LeaseLost, job.Reason);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keeper).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RenewalWithoutAnswerForALease_IsGivenUp_AndTheNextOneKeepsTheLeasesOfJobsStartedSince()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var inFlight = new InFlightJobs();
        var first = Running(time, id: 1);
        inFlight.Add(first);
        // The first renewal (sent at 10 s, into the partition) hangs; the network heals for every later one.
        var store = new SilentStore { AnswersRenewal = n => n > 1 };
        using var stop = new CancellationTokenSource();
        var keeper = new LeaseKeeper(store, inFlight, time, NullLogger<LeaseKeeper>.Instance, "node", Lease).RunAsync(stop.Token);
        await AdvanceAsync(time, TimeSpan.FromSeconds(10));
        await EventuallyAsync(() => store.Calls == 1, "the first renewal to go out");
        await AdvanceAsync(time, TimeSpan.FromSeconds(20));
        await EventuallyAsync(() => first.Reason == StopReason.LeaseLost, "job 1 to be stopped at its deadline (30 s)");
        await AdvanceAsync(time, TimeSpan.FromSeconds(5));
        var later = Running(time, id: 2);
        var deadlineAtStart = later.LeaseDeadline;
        inFlight.Add(later);

        // At 40 s the hung renewal's answer could confirm nothing: a new one is sent, and its answer moves job 2's
        // deadline from 65 s to 70 s.
        await AdvanceAsync(time, TimeSpan.FromSeconds(5));
        await EventuallyAsync(() => later.LeaseDeadline > deadlineAtStart, "a renewal to confirm job 2's lease");

        Assert.Equal(2, store.Calls);
        Assert.Equal(StopReason.None, later.Reason);
        Assert.Equal(InFlightJob.Deadline(time.GetTimestamp(), Lease, time), later.LeaseDeadline);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keeper).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void HoldsLease_TurnsFalse_AtTheDeadline_AndARenewalMovesIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var job = Running(time);

        time.Advance(Lease / 2);
        job.LeaseRenewed(time.GetTimestamp(), Lease, time);
        time.Advance(Lease - TimeSpan.FromTicks(1));
        var heldJustBefore = job.HoldsLease(time);
        time.Advance(TimeSpan.FromTicks(1));

        Assert.True(heldJustBefore);
        Assert.False(job.HoldsLease(time));
    }

    [Fact]
    public void ThrowIfLeaseLost_EndsTheAttemptAsInterruptedByTheLostLease_OnlyOnceTheLeaseIsUnsure()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var job = Running(time);
        var context = new JobContext(job.Job, "node", job.Token, () => job.HoldsLease(time), () => job.Stop(StopReason.LeaseLost), (_, _, _) => ValueTask.FromResult(true));

        context.ThrowIfLeaseLost();
        time.Advance(Lease);

        Assert.False(context.HoldsLease);
        Assert.Throws<OperationCanceledException>(context.ThrowIfLeaseLost);
        Assert.Equal(StopReason.LeaseLost, job.Reason);
        Assert.True(job.Token.IsCancellationRequested);
    }

    /// <summary>Moves the clock on by <paramref name="span"/> in one-second steps, letting the keeper run after each.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan span)
    {
        for (var step = TimeSpan.Zero; step < span; step += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
    }

    /// <summary>Waits (real time, at most 10 s) for the keeper, which runs on the thread pool, to have done something.</summary>
    private static async Task EventuallyAsync(Func<bool> done, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"Waited 10 s for {what}.");
            await Task.Delay(5);
        }
    }

    private static InFlightJob Running(FakeTimeProvider time, long id = 7)
    {
        var record = new JobRecord
        {
            Id = id,
            Kind = "work",
            Queue = "default",
            Args = Encoding.UTF8.GetBytes("{}"),
            State = JobState.Running,
            Attempt = 1,
            MaxAttempts = 3,
            Priority = 0,
            ScheduledAt = time.GetUtcNow(),
            CreatedAt = time.GetUtcNow(),
            AttemptedAt = time.GetUtcNow(),
            LeaseOwner = "node",
            LeaseExpiresAt = time.GetUtcNow() + Lease,
        };
        return new InFlightJob(record, time.GetTimestamp(), InFlightJob.Deadline(time.GetTimestamp(), Lease, time));
    }
}
