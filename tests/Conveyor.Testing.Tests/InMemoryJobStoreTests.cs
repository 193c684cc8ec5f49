using System.Data;
using System.Data.Common;
using System.Text;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Testing.Tests;

/// <summary>What only the in-memory store promises: its registration, its refusals and its cost per job.</summary>
public sealed class InMemoryJobStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Capabilities_NameTheStoreMemory_AndPromiseOrderingKeysButNoTransactionsOrProcesses()
    {
        var store = new InMemoryJobStore(new FakeTimeProvider(Start));

        Assert.Equal(new StoreCapabilities { Name = "memory", OrderingKeys = true }, store.Capabilities);
    }

    [Fact]
    public async Task InsertAsync_RefusesATransaction_AndStoresNothing()
    {
        var store = new InMemoryJobStore(new FakeTimeProvider(Start));
        var request = new InsertJobsRequest { Jobs = [Job()], Transaction = new NoTransaction() };

        await Assert.ThrowsAsync<NotSupportedException>(async () => await store.InsertAsync(request, CancellationToken.None));

        Assert.Empty((await store.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task UseInMemory_RegistersOneStoreForEveryRole_OnTheContainersClock()
    {
        var time = new FakeTimeProvider(Start.AddHours(3));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddConveyor(c => c.UseInMemory());
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IJobStore>();
        var id = (await store.InsertAsync(new InsertJobsRequest { Jobs = [Job()] }, CancellationToken.None)).Jobs[0].Id;

        Assert.IsType<InMemoryJobStore>(store);
        Assert.Same(store, provider.GetRequiredService<IJobAdminStore>());
        var stored = await provider.GetRequiredService<IJobAdminStore>().GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
        Assert.Equal(time.GetUtcNow(), stored!.CreatedAt);
    }

    [Fact]
    public async Task UseInMemory_GivesEachContainerItsOwnStore()
    {
        static ServiceProvider Build()
        {
            var services = new ServiceCollection();
            services.AddConveyor(c => c.UseInMemory());
            return services.BuildServiceProvider();
        }

        await using var first = Build();
        await using var second = Build();
        await first.GetRequiredService<IJobStore>().InsertAsync(new InsertJobsRequest { Jobs = [Job()] }, CancellationToken.None);

        Assert.Empty((await second.GetRequiredService<IJobAdminStore>().ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task FetchAndComplete_DrainEveryJob_InPriorityBatches_WhenTheStoreHoldsManyJobs()
    {
        const int count = 20_000;
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryJobStore(time);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(1000))
        {
            await store.InsertAsync(new InsertJobsRequest { Jobs = [.. chunk.Select(i => Job(priority: i % 3))] }, CancellationToken.None);
        }

        var completed = 0;
        while (true)
        {
            var fetched = (await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 100, Owner = "w", LeaseDuration = TimeSpan.FromMinutes(1) }, CancellationToken.None)).Jobs;
            if (fetched.Count == 0)
            {
                break;
            }

            var result = await store.CompleteAsync(new CompleteJobsRequest { Completions = [.. fetched.Select(j => Completed(j, time))] }, CancellationToken.None);
            completed += result.Applied;
        }

        Assert.Equal(count, completed);
        Assert.Empty((await store.ListJobsAsync(new ListJobsRequest { State = JobState.Available }, CancellationToken.None)).Jobs);
    }

    [Fact]
    public async Task DeleteFinalizedAsync_PrunesInFinishingOrder_AndNeverAJobFinishedAfterTheCutoff()
    {
        var time = new FakeTimeProvider(Start);
        var store = new InMemoryJobStore(time);
        await store.InsertAsync(new InsertJobsRequest { Jobs = [Job(), Job(), Job()] }, CancellationToken.None);
        var jobs = (await store.FetchAsync(new FetchJobsRequest { Queue = "default", Limit = 3, Owner = "w", LeaseDuration = TimeSpan.FromMinutes(10) }, CancellationToken.None)).Jobs;
        foreach (var job in jobs)
        {
            await store.CompleteAsync(new CompleteJobsRequest { Completions = [Completed(job, time)] }, CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var request = new DeleteFinalizedRequest { State = JobState.Completed, FinalizedBefore = Start.AddSeconds(90), Limit = 10 };
        var deleted = await store.DeleteFinalizedAsync(request, CancellationToken.None);

        Assert.Equal(2, deleted.Deleted);
        var left = Assert.Single((await store.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
        Assert.Equal(jobs[2].Id, left.Id);
    }

    private static NewJob Job(int priority = 0) => new()
    {
        Kind = "test",
        Queue = "default",
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = 3,
        Priority = priority,
    };

    private static JobCompletion Completed(JobRecord job, TimeProvider time) => new()
    {
        JobId = job.Id,
        Attempt = job.Attempt,
        LeaseOwner = job.LeaseOwner!,
        Kind = CompletionKind.Completed,
        DecidedAt = time.GetUtcNow(),
    };

    /// <summary>A transaction of no database, enough to ask the store to join one.</summary>
    private sealed class NoTransaction : DbTransaction
    {
        public override IsolationLevel IsolationLevel => IsolationLevel.Unspecified;

        protected override DbConnection? DbConnection => null;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }
}
