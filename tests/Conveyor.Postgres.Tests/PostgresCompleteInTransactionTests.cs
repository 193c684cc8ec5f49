using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// A real host running a job type with <see cref="JobTypeOptions.CompleteInTransaction"/>: the handler's write in
/// <see cref="JobContext.Transaction"/> lands exactly when the job's completion does.
/// </summary>
public sealed class PostgresCompleteInTransactionTests
{
    [Fact]
    public async Task HandlersWrite_CommitsWithTheCompletion_WhenTheHandlerSucceeds()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db);

        var id = await host.Client.EnqueueAsync(new Effect(db.Schema, Fail: false, Discard: false));

        var job = await host.WaitForStateAsync(id, JobState.Completed);
        Assert.Equal(1, job.Attempt);
        Assert.Equal(1L, await EffectsAsync(db, id));
    }

    [Fact]
    public async Task HandlersWrite_IsRolledBack_WhenTheHandlerThrowsAfterWriting()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db);

        var id = await host.Client.EnqueueAsync(new Effect(db.Schema, Fail: true, Discard: false));

        var job = await host.WaitForStateAsync(id, JobState.Discarded);
        Assert.Equal("InvalidOperationException", Assert.Single(job.Errors).ExceptionType.Split('.')[^1]);
        Assert.Equal(0L, await EffectsAsync(db, id));
    }

    [Fact]
    public async Task HandlersWrite_CommitsWithTheDiscard_WhenTheHandlerDiscardsTheJob()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db);

        var id = await host.Client.EnqueueAsync(new Effect(db.Schema, Fail: false, Discard: true));

        await host.WaitForStateAsync(id, JobState.Discarded);
        Assert.Equal(1L, await EffectsAsync(db, id));
    }

    [Fact]
    public async Task ManyJobs_EachWriteItsEffectExactlyOnce()
    {
        await using var db = new TestDatabase();
        await using var host = await StartHostAsync(db);
        var ids = await host.Client.EnqueueManyAsync(Enumerable.Range(0, 200).Select(_ => new Effect(db.Schema, Fail: false, Discard: false)));

        foreach (var id in ids)
        {
            await host.WaitForStateAsync(id, JobState.Completed);
        }

        Assert.Equal(200L, await TestDatabase.ScalarAsync($"SELECT count(DISTINCT job_id) FROM \"{db.Schema}\".effects"));
        Assert.Equal(200L, await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".effects"));
    }

    private static async Task<RunningHost> StartHostAsync(TestDatabase db)
    {
        await (await db.OpenMigratedAsync()).DisposeAsync();
        await TestDatabase.ScalarAsync($"CREATE TABLE \"{db.Schema}\".effects (job_id bigint NOT NULL)");
        return await RunningHost.StartAsync(c => c
            .UsePostgres(TestDatabase.ConnectionString, o => o.Schema = db.Schema)
            .AddHandler<EffectHandler>(o =>
            {
                o.CompleteInTransaction = true;
                o.MaxAttempts(1);
            })
            .Queue("default", 4)
            .Configure(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
            }));
    }

    private static async Task<long> EffectsAsync(TestDatabase db, long id) =>
        (long)(await TestDatabase.ScalarAsync($"SELECT count(*) FROM \"{db.Schema}\".effects WHERE job_id = {id}"))!;

    public sealed record Effect(string Schema, bool Fail, bool Discard) : IJobArgs
    {
        public static string Kind => "postgres_effect";
    }

    public sealed class EffectHandler : IJobHandler<Effect>
    {
        public async Task HandleAsync(Effect args, JobContext context, CancellationToken ct)
        {
            var transaction = Assert.IsType<NpgsqlTransaction>(context.Transaction);
            await using var command = new NpgsqlCommand($"INSERT INTO \"{args.Schema}\".effects (job_id) VALUES (@id)", transaction.Connection, transaction);
            command.Parameters.AddWithValue("id", context.Id);
            await command.ExecuteNonQueryAsync(ct);
            if (args.Fail)
            {
                throw new InvalidOperationException("The handler failed after writing.");
            }

            if (args.Discard)
            {
                context.Discard("the order no longer exists");
            }
        }
    }
}
