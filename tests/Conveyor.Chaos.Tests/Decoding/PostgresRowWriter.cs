using Conveyor.Chaos.Tests.Stores;
using Npgsql;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Rows written by SQL into the store's schema. The columns are typed, <c>errors</c> is jsonb and the state is
/// checked, so only JSON of the wrong shape, odd arrays and times beyond .NET's range get in (<see cref="Refused"/>
/// lists what the schema turns away).
/// </summary>
internal sealed class PostgresRowWriter(NpgsqlConnection connection, string schema) : RowWriter
{
    public override IReadOnlyList<EnvelopeDamage> Damages { get; } =
    [
        new("errors", "'{\"a\":1}'", "errors: a JSON object"),
        new("errors", "'\"text\"'", "errors: a JSON string"),
        new("errors", "'[null, 1]'", "errors: 2 of 2 entries"),
        new("errors", "'[{\"at\":\"nope\",\"exceptionType\":\"x\",\"message\":\"y\"}]'", "errors: 1 of 1 entries"),
        new("tags", "'{NULL}'", "tags: NULL elements left out"),
        new("tags", "'{{a,b},{c,d}}'", "tags: not a one-dimensional text array"),
        new("created_at", "'4000-01-01 BC'", "created_at: a time .NET cannot hold"),
        new("scheduled_at", "'0001-01-01 00:00:00+00 BC'", "scheduled_at: a time .NET cannot hold"),
        new("cancel_requested_at", "'3000-06-01 BC'", "cancel_requested_at: a time .NET cannot hold"),
    ];

    /// <summary>Damage the schema refuses, with the SQLSTATE it refuses it with.</summary>
    public static IReadOnlyList<(EnvelopeDamage Damage, string SqlState)> Refused { get; } =
    [
        (new("state", "'zero'", ""), PostgresErrorCodes.CheckViolation),
        (new("errors", "'[{'", ""), PostgresErrorCodes.InvalidTextRepresentation),
        (new("errors", "'[\"\\u0000\"]'", ""), PostgresErrorCodes.UntranslatableCharacter),
        (new("args", "NULL", ""), PostgresErrorCodes.NotNullViolation),
        (new("max_attempts", "'three'", ""), PostgresErrorCodes.InvalidTextRepresentation),
        (new("created_at", "'someday'", ""), PostgresErrorCodes.InvalidDatetimeFormat),
    ];

    public static async Task<PostgresRowWriter> ConnectAsync(ChaosStore store)
    {
        var connection = new NpgsqlConnection(store.Connection);
        await connection.OpenAsync();
        return new PostgresRowWriter(connection, store.Namespace);
    }

    public override async Task<long> WriteAsync(byte[] args, string kind)
    {
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO "{schema}".jobs (kind, queue, args, state, max_attempts, scheduled_at, created_at)
            VALUES (@kind, 'default', @args, 'available', 3, now(), now()) RETURNING id
            """,
            connection);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("args", args);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    public override async Task<long> WriteAsync(EnvelopeDamage damage)
    {
        var id = await WriteAsync(Payloads.Valid(0), PayloadJob.Kind);
        await using var update = new NpgsqlCommand($"UPDATE \"{schema}\".jobs SET {damage.Field} = {damage.Value} WHERE id = @id", connection);
        update.Parameters.AddWithValue("id", id);
        await update.ExecuteNonQueryAsync();
        return id;
    }

    public override ValueTask DisposeAsync() => connection.DisposeAsync();
}
