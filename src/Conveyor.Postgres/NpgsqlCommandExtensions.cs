using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>Parameter binding and row reading shorthand; every value goes through a parameter, never into SQL text.</summary>
internal static class NpgsqlCommandExtensions
{
    /// <summary>Binds <paramref name="value"/>, its PostgreSQL type inferred from <typeparamref name="T"/>.</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <summary>Binds a value that may be null, with its PostgreSQL type stated.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    /// <summary>Binds an instant as UTC (PostgreSQL's timestamptz takes no other offset).</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.With<DateTimeOffset>(name, value.ToUniversalTime());

    /// <summary>Runs the command and maps each row it returns with <paramref name="read"/>, in order.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
