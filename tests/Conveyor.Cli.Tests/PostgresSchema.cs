using Npgsql;

namespace Conveyor.Cli.Tests;

/// <summary>A schema of its own for one test on <see cref="TestPostgres"/>, dropped with everything in it afterwards.</summary>
internal sealed class PostgresSchema : ITestStore
{
    public string Name { get; } = $"cli_{Guid.NewGuid():N}";

    /// <summary>The server's connection string with this schema as the search path (where unqualified tables go).</summary>
    public string ConnectionString => $"{TestPostgres.ConnectionString};Search Path={Name}";

    public string Store => $"postgres:{TestPostgres.ConnectionString};Schema={Name}";

    /// <summary>Creates the schema now, for tables of a test's own (Conveyor's migrations create it themselves).</summary>
    public async Task CreateAsync() => await ExecuteAsync($"CREATE SCHEMA {Name}");

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE");

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
