using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>Parameter binding and reading shorthand; every value goes through a parameter, never into SQL text.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>Runs the query and maps every row it returns with <paramref name="read"/>, in order.</summary>
    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
