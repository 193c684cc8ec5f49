using Conveyor.Storage;

namespace Conveyor.Postgres;

/// <summary>
/// Rate limits of <see cref="PostgresJobStore"/>: each key's kept takes are rows of <c>rate_limit_takes</c>, and the
/// takes of one key are serialised by a transaction-scoped advisory lock on the key in the schema's own lock space. A
/// take's token is its row's <c>taken_at</c> (in Unix microseconds, the column's precision) and identity.
/// </summary>
public sealed partial class PostgresJobStore : IRateLimitStore
{
    /// <inheritdoc />
    /// <remarks>One statement: the row's delete by its primary key.</remarks>
    public async ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        await using var command = Command("release_rate_limit")
            .With("key", request.Key)
            .With("taken_at", DateTimeOffset.UnixEpoch.AddTicks(request.Token.At * TimeSpan.TicksPerMicrosecond))
            .With("id", request.Token.Id);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One round trip: the key's lock, then the window's delete, count and insert, committed together.</remarks>
    public async ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        await using var command = Command("take_rate_limit")
            .With("lock_space", $"conveyor.rate_limits.{Schema}")
            .With("key", request.Key)
            .With("limit", request.Limit)
            .With("period", request.Period);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        var token = reader.IsDBNull(3)
            ? default
            : new RateLimitToken((reader.GetFieldValue<DateTimeOffset>(3) - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond, reader.GetInt64(4));
        return new RateLimitResult(reader.GetBoolean(0), reader.GetFieldValue<TimeSpan>(1), reader.GetFieldValue<TimeSpan>(2), token);
    }
}
