using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Parameter binding shorthand; every value goes through a parameter, never into SQL text.</summary>
internal static class SqliteCommandExtensions
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
