using System.Globalization;
using Conveyor.Storage;

namespace Conveyor.Sqlite;

/// <summary>
/// The rate limits of <see cref="SqliteJobStore"/>, in <c>conveyor_rate_takes</c> (migration 5): each take is one
/// <c>BEGIN IMMEDIATE</c> transaction, so workers in several processes take from one window in turn. A take's token is
/// its time and its rowid, drawn at random per take (see <c>rate_take.sql</c>).
/// </summary>
public sealed partial class SqliteJobStore : IRateLimitStore
{
    /// <inheritdoc />
    public ValueTask ReleaseAsync(RateLimitRelease request, CancellationToken ct)
    {
        Write(session => session.Command("rate_release")
            .With("@key", request.Key).With("@taken_at", request.Token.At).With("@id", request.Token.Id)
            .ExecuteNonQuery());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<RateLimitResult> TryTakeAsync(RateLimitRequest request, CancellationToken ct)
    {
        var entered = _time.GetTimestamp();
        return ValueTask.FromResult(Write(session =>
        {
            // The write lock is held from here: the wait for it (other processes' writes) is the take's queueing.
            var queued = _time.GetElapsedTime(entered);
            var now = _time.GetUtcNow();
            session.Command("rate_prune")
                .With("@key", request.Key).With("@since", SqliteTime.ToMicros(now - request.Period)).With("@limit", request.Limit)
                .ExecuteNonQuery();
            var token = new RateLimitToken(SqliteTime.ToMicros(now), Random.Shared.NextInt64());
            var taken = session.Command("rate_take")
                .With("@key", request.Key).With("@now", token.At).With("@limit", request.Limit).With("@id", token.Id)
                .ExecuteNonQuery() > 0;
            if (taken)
            {
                return new RateLimitResult(true, TimeSpan.Zero, queued, token);
            }

            var oldest = Convert.ToInt64(session.Command("rate_oldest").With("@key", request.Key).ExecuteScalar(), CultureInfo.InvariantCulture);
            return new RateLimitResult(false, SqliteTime.FromMicros(oldest) + request.Period - now, queued);
        }));
    }
}
