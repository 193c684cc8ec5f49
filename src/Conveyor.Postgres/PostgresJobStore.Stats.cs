using Conveyor.Storage;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>
/// Per-minute statistics of <see cref="PostgresJobStore"/>: one row of <c>stats</c> per queue and minute, which every
/// node adds into and the pruner deletes past <c>StatsRetention</c>.
/// </summary>
public sealed partial class PostgresJobStore : IStatsStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One statement for all the minutes (<c>record_stats.sql</c>): an upsert that adds the counts and, element-wise,
    /// the duration buckets into each stored row, so writers in any number of processes lose no count; the rows are
    /// sent sorted by queue, then minute, so concurrent writers lock them in one order and never deadlock.
    /// </remarks>
    /// <exception cref="ArgumentException">A minute does not start on a whole UTC minute or has the wrong number of duration buckets.</exception>
    public async ValueTask RecordStatsAsync(RecordStatsRequest request, CancellationToken ct)
    {
        if (request.Minutes.Count == 0)
        {
            return;
        }

        await using var command = StatsRows.Bind(Command("record_stats"), request.Minutes);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ListStatsResult> ListStatsAsync(ListStatsRequest request, CancellationToken ct)
    {
        await using var command = Command("list_stats").With("since", request.Since).With("queue", request.Queue, NpgsqlDbType.Text);
        return new ListStatsResult(await StatsRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    /// <remarks>The cutoff is compared as given, like the jobs' (it comes from the pruner's clock).</remarks>
    public async ValueTask<DeleteFinalizedResult> DeleteStatsAsync(DeleteStatsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new DeleteFinalizedResult(0);
        }

        await using var command = Command("delete_stats").With("before", request.Before).With("limit", request.Limit);
        return new DeleteFinalizedResult(await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false));
    }
}
