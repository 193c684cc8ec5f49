using Conveyor.Postgres;
using Conveyor.Redis;
using Conveyor.Sqlite;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Chaos.Tests.Stores;

/// <summary>
/// One test's own namespace on one store — a SQLite file in a temporary folder, a PostgreSQL schema on the test server
/// (<c>CONVEYOR_TEST_POSTGRES</c>) or a Redis key prefix on the standalone test server (<c>CONVEYOR_TEST_REDIS</c>) —
/// migrated, with the store opened on it, and removed afterwards. A missing server fails the test, never skips it.
/// </summary>
public sealed class ChaosStore : IAsyncDisposable
{
    private readonly DirectoryInfo? _directory;

    private ChaosStore(StoreKind kind, string connection, string ns, IJobStore store, DirectoryInfo? directory)
    {
        Kind = kind;
        Connection = connection;
        Namespace = ns;
        Store = store;
        Admin = (IJobAdminStore)store;
        _directory = directory;
    }

    /// <summary>Which store.</summary>
    public StoreKind Kind { get; }

    /// <summary>The SQLite file's path, the PostgreSQL connection string or the Redis configuration.</summary>
    public string Connection { get; }

    /// <summary>The PostgreSQL schema or Redis key prefix (the SQLite file is its own namespace: empty).</summary>
    public string Namespace { get; }

    /// <summary>The store, opened on this namespace and migrated.</summary>
    public IJobStore Store { get; }

    /// <summary>The same store's admin side, for reading jobs back.</summary>
    public IJobAdminStore Admin { get; }

    /// <summary>The PostgreSQL test server's connection string.</summary>
    public static string PostgresConnectionString => Required("CONVEYOR_TEST_POSTGRES", "a connection string such as Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres");

    /// <summary>The standalone Redis test server.</summary>
    public static string RedisConfiguration => Required("CONVEYOR_TEST_REDIS", "a Redis configuration such as 127.0.0.1:26379");

    /// <summary>Creates a fresh namespace on <paramref name="kind"/> and migrates it.</summary>
    public static Task<ChaosStore> CreateAsync(StoreKind kind) =>
        CreateAsync(kind, kind switch
        {
            StoreKind.Sqlite => "",
            StoreKind.Postgres => PostgresConnectionString,
            _ => RedisConfiguration,
        });

    /// <summary>
    /// Creates a fresh namespace on <paramref name="kind"/> on the server at <paramref name="connection"/> (a PostgreSQL
    /// connection string or a Redis configuration, e.g. of a test's private server) and migrates it. SQLite has no
    /// server: a fresh file is made, in a temporary folder when <paramref name="connection"/> is empty, else in a fresh
    /// folder inside the folder it names (a test's own disk, say).
    /// </summary>
    public static async Task<ChaosStore> CreateAsync(StoreKind kind, string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var suffix = Guid.NewGuid().ToString("N");
        ChaosStore chaos;
        switch (kind)
        {
            case StoreKind.Sqlite:
                var directory = connection.Length == 0
                    ? Directory.CreateTempSubdirectory("conveyor-chaos-")
                    : Directory.CreateDirectory(Path.Combine(connection, "conveyor-chaos-" + suffix));
                var path = Path.Combine(directory.FullName, "jobs.db");
                chaos = new ChaosStore(kind, path, "", new SqliteJobStore(path, new SqliteStoreOptions(), TimeProvider.System), directory);
                break;
            case StoreKind.Postgres:
                var schema = "c_" + suffix;
                chaos = new ChaosStore(kind, connection, schema, new PostgresJobStore(connection, new PostgresStoreOptions { Schema = schema }), null);
                break;
            default:
                var prefix = "c" + suffix;
                chaos = new ChaosStore(kind, connection, prefix, new RedisJobStore(connection, new RedisStoreOptions { Prefix = prefix }), null);
                break;
        }

        await ((IStoreMigrator)chaos.Store).MigrateAsync(null, CancellationToken.None);
        return chaos;
    }

    /// <summary>Configures a host (in this process) to use this namespace.</summary>
    public ConveyorBuilder Apply(ConveyorBuilder c) => Kind switch
    {
        StoreKind.Sqlite => c.UseSqlite(Connection),
        StoreKind.Postgres => c.UsePostgres(Connection, o => o.Schema = Namespace),
        _ => c.UseRedis(Connection, o => o.Prefix = Namespace),
    };

    /// <summary>The chaos worker's arguments naming this namespace (<c>--Store --Connection --Namespace</c>).</summary>
    public IEnumerable<string> WorkerArguments => ["--Store", Kind.ToString(), "--Connection", Connection, "--Namespace", Namespace];

    /// <inheritdoc />
    public override string ToString() => Kind == StoreKind.Sqlite ? $"sqlite {Connection}" : $"{Kind.ToString().ToLowerInvariant()} {Namespace}";

    public async ValueTask DisposeAsync()
    {
        switch (Kind)
        {
            case StoreKind.Postgres:
                await ((IAsyncDisposable)Store).DisposeAsync();
                await using (var connection = new NpgsqlConnection(Connection))
                {
                    await connection.OpenAsync();
                    await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Namespace}\" CASCADE", connection);
                    await drop.ExecuteNonQueryAsync();
                }

                break;
            case StoreKind.Redis:
                await ((IStoreMigrator)Store).MigrateAsync(0, CancellationToken.None);
                await ((IAsyncDisposable)Store).DisposeAsync();
                break;
            default:
                ((IDisposable)Store).Dispose();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                _directory?.Delete(recursive: true);
                break;
        }
    }

    private static string Required(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set. Run ./test.sh, which starts the test servers and exports it, or set it to {example}.");
}
