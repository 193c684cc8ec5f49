using System.Text.RegularExpressions;
using Npgsql;

namespace Conveyor.Bench;

/// <summary>Names and removes the throw-away schemas of benchmark runs on a PostgreSQL server.</summary>
public static partial class PostgresSchema
{
    /// <summary>A new schema name, unique on the server: <c>{prefix}_{random hex}</c>.</summary>
    public static string NewName(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>Drops <paramref name="schema"/> and everything in it, if it exists.</summary>
    public static async ValueTask DropAsync(string connectionString, string schema)
    {
        // DDL takes no parameters: the name is checked to be a plain identifier, then quoted.
        if (!Identifier().IsMatch(schema))
        {
            throw new ArgumentException($"'{schema}' is not a plain schema name.", nameof(schema));
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
