namespace Conveyor.Postgres.Tests.Processes;

/// <summary>
/// The PostgreSQL the process tests use, from the environment test.sh exports. A missing variable fails the test
/// with a message saying what to set; it never skips it.
/// </summary>
internal static class TestEnvironment
{
    /// <summary>The shared server (<c>CONVEYOR_TEST_POSTGRES</c>); each test works in its own schema on it.</summary>
    public static string ConnectionString => Required(
        "CONVEYOR_TEST_POSTGRES",
        "a connection string to a PostgreSQL server on 127.0.0.1, e.g. Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres");

    /// <summary>PostgreSQL's programs (<c>CONVEYOR_TEST_PG_BIN</c>), for the tests that run a private cluster.</summary>
    public static string PostgresBin => Required(
        "CONVEYOR_TEST_PG_BIN",
        "the folder of PostgreSQL's initdb and pg_ctl, e.g. /usr/lib/postgresql/15/bin");

    private static string Required(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: set it to {what} (test.sh does this).");
}
