using System.Text;
using Conveyor.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Conveyor.Postgres.Tests;

/// <summary>
/// A fresh schema on the test server (<c>CONVEYOR_TEST_POSTGRES</c>), the stores and connections opened on it, and the
/// schema dropped afterwards. Create one per test, so tests run in parallel.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly string _connectionString = ConnectionString;
    private readonly string? _ownDatabase;

    /// <summary>The server's connection string. A missing variable fails the test: the suite never skips PostgreSQL.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CONVEYOR_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "CONVEYOR_TEST_POSTGRES is not set. Run ./test.sh, which starts a throw-away PostgreSQL and exports it, or set it to a "
                + "connection string such as Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres.");

    /// <summary>A fresh schema; <paramref name="length"/> pads its name with <c>x</c> (to try the longest names).</summary>
    public TestDatabase(int length = 0) => Schema = ("t_" + Guid.NewGuid().ToString("N")).PadRight(length, 'x');

    private TestDatabase(string ownDatabase)
        : this()
    {
        _ownDatabase = ownDatabase;
        _connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = ownDatabase }.ConnectionString;
    }

    /// <summary>
    /// A fresh schema in a database of its own, which no other test connects to: VACUUM there marks every page all
    /// visible, as no other test's open snapshot can hold back what it may see as visible to all.
    /// </summary>
    public static async Task<TestDatabase> InOwnDatabaseAsync()
    {
        var database = "d_" + Guid.NewGuid().ToString("N");
        await ScalarAsync($"CREATE DATABASE \"{database}\"");
        return new TestDatabase(database);
    }

    /// <summary>This test's schema, e.g. <c>t_3f2a…</c>.</summary>
    public string Schema { get; }

    /// <summary>A fake clock at a fixed start.</summary>
    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Options for this test's schema.</summary>
    public PostgresStoreOptions Options(bool notifications = true) => new() { Schema = Schema, Notifications = notifications };

    /// <summary>Opens a store on this schema (not migrated); <paramref name="clock"/> null means the database's clock.</summary>
    public PostgresJobStore Open(TimeProvider? clock = null, bool notifications = true)
    {
        var store = new PostgresJobStore(_connectionString, Options(notifications), clock);
        _opened.Add(store);
        return store;
    }

    /// <summary>Opens a store and migrates the schema to the latest version.</summary>
    public async Task<PostgresJobStore> OpenMigratedAsync(TimeProvider? clock = null, bool notifications = true)
    {
        var store = Open(clock, notifications);
        await store.MigrateAsync(null, CancellationToken.None);
        return store;
    }

    /// <summary>An application's own open connection to the test database, closed at the end.</summary>
    public async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        _opened.Add(connection);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> on a new connection and returns the first column of the first row.</summary>
    public static Task<object?> ScalarAsync(string sql) => ScalarAsync(ConnectionString, sql);

    /// <summary>Runs <paramref name="sql"/> in this test's database (its own, if it has one); returns the first column of the first row.</summary>
    public Task<object?> ScalarHereAsync(string sql) => ScalarAsync(_connectionString, sql);

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// A pg_stat_activity condition matching the store's LISTEN connections on this schema's channels (never the query
    /// asking): their last query is a LISTEN on one of them.
    /// </summary>
    public string Listener =>
        $"application_name = 'conveyor listener' AND query LIKE '%LISTEN \"{Schema}\\_%' AND pid <> pg_backend_pid()";

    /// <summary>How many connections listen on this schema's channels, once closed ones have had a moment to go.</summary>
    public async Task<long> CountListenersAsync()
    {
        var listeners = 0L;
        for (var tries = 0; tries < 50; tries++)
        {
            listeners = (long)(await ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE {Listener}"))!;
            if (listeners == 0)
            {
                break;
            }

            await Task.Delay(20);
        }

        return listeners;
    }

    /// <summary>A job of kind <c>test</c> on the default queue.</summary>
    public static NewJob Job(string? uniqueKey = null, int maxAttempts = 5, string queue = "default") => new()
    {
        Kind = "test",
        Queue = queue,
        Args = Encoding.UTF8.GetBytes("{}"),
        MaxAttempts = maxAttempts,
        UniqueKey = uniqueKey,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            await opened.DisposeAsync();
        }

        if (_ownDatabase is null)
        {
            await ScalarAsync($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
        }
        else
        {
            await ScalarAsync($"DROP DATABASE IF EXISTS \"{_ownDatabase}\" WITH (FORCE)");
        }
    }
}
