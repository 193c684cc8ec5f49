namespace Conveyor.Cli.Tests;

/// <summary>The PostgreSQL server the tests use: <c>CONVEYOR_TEST_POSTGRES</c>, which <c>test.sh</c> exports.</summary>
internal static class TestPostgres
{
    private const string Variable = "CONVEYOR_TEST_POSTGRES";

    /// <summary>The connection string; fails the test (never skips it) when the variable is not set.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connectionString
            ? connectionString.TrimEnd(';')
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run. Run ./test.sh (it starts a throw-away server and exports it), "
                + $"or export {Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\" for a server of your own.");
}
