using Conveyor.Runtime;
using Conveyor.Storage;
using Conveyor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Tests.Runtime;

/// <summary>The executor, on the in-memory store and a fake clock, given a job whose kind has no handler here.</summary>
public sealed class UnknownKindExecutorTests
{
    private static readonly ConveyorOptions Options = new() { UnknownKindGrace = TimeSpan.FromMinutes(10), UnknownKindRecheck = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task ExecuteAsync_PutsTheJobBackUnrunAndUncharged_WhenNoHandlerKnowsTheKind()
    {
        var (store, time) = Start();
        var job = await InsertAndFetchAsync(store, "no_such_job");

        var result = await Executor(store, time).ExecuteAsync(new InFlightJob(job, time.GetTimestamp(), long.MaxValue));
        await store.CompleteAsync(new CompleteJobsRequest { Completions = [result.Completion] }, CancellationToken.None);

        Assert.Equal((CompletionKind.Snooze, time.GetUtcNow() + Options.UnknownKindRecheck), (result.Completion.Kind, result.Completion.ScheduledAt));
        var stored = await store.GetJobAsync(new GetJobRequest { JobId = job.Id }, CancellationToken.None);
        Assert.Equal((JobState.Scheduled, 0), (stored!.State, stored.Attempt));
        Assert.Empty(stored.Errors);
    }

    [Fact]
    public async Task ExecuteAsync_DiscardsAsUndecodableAtOnce_WhenTheStoreCouldNotReadTheRecordWhole()
    {
        var (store, time) = Start();
        var job = await InsertAndFetchAsync(store, "no_such_job");

        // As a store returns a record whose kind field it could not read: a default kind, and the problem named.
        var unreadable = job with { Kind = "", DecodeError = "k (kind): missing" };
        var result = await Executor(store, time).ExecuteAsync(new InFlightJob(unreadable, time.GetTimestamp(), long.MaxValue));

        Assert.Equal(CompletionKind.Discard, result.Completion.Kind);
        Assert.Equal("undecodable", result.Completion.Error!.ExceptionType);
        Assert.Contains("k (kind): missing", result.Completion.Error.Message, StringComparison.Ordinal);
    }

    private static (InMemoryJobStore Store, FakeTimeProvider Time) Start()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        return (new InMemoryJobStore(time), time);
    }

    private static async Task<JobRecord> InsertAndFetchAsync(InMemoryJobStore store, string kind)
    {
        await store.InsertAsync(new InsertJobsRequest { Jobs = [new NewJob { Kind = kind, Queue = "default", Args = "{}"u8.ToArray(), MaxAttempts = 1 }] }, CancellationToken.None);
        var fetched = await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 1, Owner = "node-a", LeaseDuration = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        return Assert.Single(fetched.Jobs);
    }

    private static JobExecutor Executor(InMemoryJobStore store, FakeTimeProvider time) =>
        new(new ServiceCollection().BuildServiceProvider(), new JobRegistry([]), store, time, NullLogger<JobExecutor>.Instance, "node-a", Options);
}
