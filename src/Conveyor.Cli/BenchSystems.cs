using Conveyor.Bench;
using Conveyor.Redis;
using Conveyor.Testing;

namespace Conveyor.Cli;

/// <summary>
/// What <c>conveyor bench</c> measures: Conveyor on the <c>--store</c> (a fresh store per run: a new in-memory
/// store, a new SQLite file beside the path, a new schema on the PostgreSQL server, or a new key prefix on the Redis
/// server, each removed after), and
/// the peers named by <c>--peer</c> (Hangfire on the same PostgreSQL or Redis server); and the targets a <c>bench-worker</c> process attaches to.
/// </summary>
internal static class BenchSystems
{
    /// <summary>The peer Hangfire 1.8 with Hangfire.PostgreSql, on the same server as a postgres store.</summary>
    public const string HangfirePostgres = "hangfire-postgres";

    /// <summary>The peer Hangfire 1.8 with Hangfire.Redis.StackExchange, on the same server as a redis store.</summary>
    public const string HangfireRedis = "hangfire-redis";

    /// <summary>Hangfire's tuned queue poll interval, beside its default.</summary>
    public static readonly TimeSpan HangfireTunedPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Conveyor on the store.</summary>
    public static BenchSystem Conveyor(StoreSpec spec) => spec switch
    {
        { Postgres: { } pg } => new BenchSystem("postgres", null, () => ConveyorOnPostgres(pg), MeasureScaleOut: true),
        { Redis: { } redis } => new BenchSystem("redis", null, () => ConveyorOnRedis(redis), MeasureScaleOut: true),
        { IsSqlite: true } => ConveyorOnSqlite(spec.FullPath),
        _ => new BenchSystem("memory", null, ConveyorInMemory, MeasureScaleOut: false),
    };

    /// <summary>The peer named by <c>--peer</c>, once with its defaults and once tuned; none for null.</summary>
    /// <exception cref="CliException">An unknown peer, or one the store cannot host.</exception>
    public static IReadOnlyList<BenchSystem> Peers(string? peer, StoreSpec spec) => peer switch
    {
        null => [],
        HangfirePostgres when spec.Postgres is { } pg =>
        [
            Hangfire(pg, null, $"default polling: QueuePollInterval {HangfireTarget.DefaultQueuePollInterval.TotalSeconds:0.###} s"),
            Hangfire(pg, HangfireTunedPollInterval, $"tuned polling: QueuePollInterval {HangfireTunedPollInterval.TotalMilliseconds:0} ms"),
        ],
        HangfirePostgres => throw new CliException($"--peer {HangfirePostgres} runs on the PostgreSQL server of the store: use --store postgres:CONNSTR."),
        HangfireRedis when spec.Redis is { } redis => [new BenchSystem(HangfireRedis, "defaults: workers woken by pub/sub", () => HangfireOnRedis(redis), MeasureScaleOut: false)],
        HangfireRedis => throw new CliException($"--peer {HangfireRedis} runs on the Redis server of the store: use --store redis:CONFIG."),
        _ => throw new CliException($"Unknown peer '{peer}': the peers are {HangfirePostgres} (with a postgres store) and {HangfireRedis} (with a redis store)."),
    };

    /// <summary>The target of a <c>bench-worker</c> process: the store (or the peer's schema) the benchmark named, left in place on exit.</summary>
    public static IBenchTarget Attach(StoreSpec spec, string? peer, TimeSpan? pollInterval) => peer switch
    {
        null => new ConveyorTarget(c => spec.Apply(c), worker: null, cleanup: () => ValueTask.CompletedTask),
        HangfirePostgres when spec.Postgres is { } pg =>
            new HangfireTarget(pg.ConnectionString, pg.Schema, pollInterval, worker: null, ownsSchema: false, TimeProvider.System),
        HangfireRedis when spec.Redis is { } redis =>
            new HangfireRedisTarget(redis.Configuration, redis.Prefix, worker: null, ownsPrefix: false, TimeProvider.System),
        _ => throw new CliException($"bench-worker cannot run peer '{peer}' on {spec}."),
    };

    private static ConveyorTarget ConveyorInMemory()
    {
        var memory = new InMemoryJobStore(TimeProvider.System);
        return new ConveyorTarget(c => c.UseStore(_ => memory), worker: null, cleanup: () => ValueTask.CompletedTask);
    }

    private static BenchSystem ConveyorOnSqlite(string fullPath)
    {
        var run = 0;
        return new BenchSystem("sqlite", null, () =>
        {
            var path = Path.ChangeExtension(fullPath, $".bench{Interlocked.Increment(ref run)}.db");
            return new ConveyorTarget(c => c.UseSqlite(path), new WorkerLaunch($"sqlite:{path}", []), () => DeleteDatabase(path));
        }, MeasureScaleOut: true);
    }

    private static ConveyorTarget ConveyorOnPostgres(PostgresSpec pg)
    {
        var schema = PostgresSchema.NewName("conveyor_bench");
        return new ConveyorTarget(
            c => c.UsePostgres(pg.ConnectionString, o => o.Schema = schema),
            new WorkerLaunch(StoreArgument(pg, schema), []),
            () => PostgresSchema.DropAsync(pg.ConnectionString, schema));
    }

    private static ConveyorTarget ConveyorOnRedis(RedisSpec redis)
    {
        var run = redis with { Prefix = PostgresSchema.NewName("conveyor_bench") };
        return new ConveyorTarget(
            c => c.UseRedis(run.Configuration, run.Configure),
            new WorkerLaunch(run.StoreText, []),
            () => DeleteKeysAsync(run));
    }

    /// <summary>Deletes every key of the run's prefix (migrating the layout down to 0).</summary>
    private static async ValueTask DeleteKeysAsync(RedisSpec run)
    {
        var options = new RedisStoreOptions();
        run.Configure(options);
        await using var store = new RedisJobStore(run.Configuration, options);
        await store.MigrateAsync(0, CancellationToken.None);
    }

    private static BenchSystem Hangfire(PostgresSpec pg, TimeSpan? pollInterval, string configuration) =>
        new(HangfirePostgres, configuration, () =>
        {
            var schema = PostgresSchema.NewName("hangfire_bench");
            List<string> arguments = ["--peer", HangfirePostgres];
            if (pollInterval is { } interval)
            {
                arguments.AddRange(["--poll-ms", interval.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            return new HangfireTarget(pg.ConnectionString, schema, pollInterval, new WorkerLaunch(StoreArgument(pg, schema), arguments), ownsSchema: true, TimeProvider.System);
        }, MeasureScaleOut: false);

    private static HangfireRedisTarget HangfireOnRedis(RedisSpec redis)
    {
        var run = redis with { Prefix = PostgresSchema.NewName("hangfire_bench") };
        return new HangfireRedisTarget(run.Configuration, run.Prefix, new WorkerLaunch(run.StoreText, ["--peer", HangfireRedis]), ownsPrefix: true, TimeProvider.System);
    }

    /// <summary>The <c>--store</c> value that names <paramref name="schema"/> on the same server.</summary>
    private static string StoreArgument(PostgresSpec pg, string schema) => $"postgres:{pg.ConnectionString};Schema={schema}";

    private static ValueTask DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
