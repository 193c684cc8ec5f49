using Conveyor.Chaos.Tests.Stores;
using Microsoft.Data.Sqlite;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>Rows written by SQL into the store's database file. SQLite keeps any value in any column.</summary>
internal sealed class SqliteRowWriter(SqliteConnection connection) : RowWriter
{
    public override IReadOnlyList<EnvelopeDamage> Damages { get; } =
    [
        new("errors", "'[{'", "errors: not JSON"),
        new("errors", "'{\"a\":1}'", "errors: a JSON object"),
        new("errors", "'[null,1]'", "errors: 2 of 2 entries"),
        new("errors", "'[{\"exceptionType\":\"x\"}]'", "errors: 1 of 1 entries"),
        new("errors", "'[]' || char(0) || 'tail'", "errors: not JSON"),
        new("errors", "x'00ff'", "errors: not JSON"),
        new("tags", "'[\"a\",'", "tags: not JSON"),
        new("tags", "'{\"t\":1}'", "tags: a JSON object"),
        new("tags", "'[1,2]'", "tags: 2 of 2 entries"),
        new("tags", "'[null]'", "tags: 1 of 1 entries"),
        new("max_attempts", "'three'", "max_attempts: 'three' is not a 32-bit integer"),
        new("max_attempts", "1099511627776", "max_attempts: '1099511627776' is not a 32-bit integer"),
        new("priority", "1.5", "priority: '1.5' is not a 32-bit integer"),
        new("created_at", "'yesterday'", "created_at: 'yesterday' is not a time"),
        new("created_at", "9223372036854775807", "created_at: '9223372036854775807' is not a time"),
        new("scheduled_at", "-9223372036854775808", "scheduled_at: '-9223372036854775808' is not a time"),
        new("cancel_requested_at", "x'01'", "cancel_requested_at: a 1-byte blob is not a time"),
        // The fetch sets attempt = attempt + 1, which SQLite computes as 1 from text.
        new("attempt", "'many'", ""),
    ];

    public static SqliteRowWriter Open(ChaosStore store)
    {
        var connection = new SqliteConnection($"Data Source={store.Connection};Pooling=False");
        connection.Open();
        return new SqliteRowWriter(connection);
    }

    public override Task<long> WriteAsync(byte[] args, string kind)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO conveyor_jobs (kind, queue, args, state, attempt, max_attempts, priority, scheduled_at, created_at, errors, tags)
            VALUES (@kind, 'default', @args, 0, 0, 3, 0, @now, @now, '[]', '[]') RETURNING id
            """;
        insert.Parameters.AddWithValue("@kind", kind);
        insert.Parameters.AddWithValue("@args", args);
        insert.Parameters.AddWithValue("@now", (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        return Task.FromResult((long)insert.ExecuteScalar()!);
    }

    public override async Task<long> WriteAsync(EnvelopeDamage damage)
    {
        var id = await WriteAsync(Payloads.Valid(0), PayloadJob.Kind);
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE conveyor_jobs SET {damage.Field} = {damage.Value} WHERE id = @id";
        update.Parameters.AddWithValue("@id", id);
        update.ExecuteNonQuery();
        return id;
    }

    public override ValueTask DisposeAsync() => connection.DisposeAsync();
}
