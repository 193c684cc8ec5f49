using Conveyor.Storage;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>Maintenance of <see cref="PostgresJobStore"/>: promotion, rescue, pruning, leadership, the node registry.</summary>
public sealed partial class PostgresJobStore
{
    /// <inheritdoc />
    public async ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct)
    {
        await using var command = Command("promote").With("limit", request.Limit).With("channel", _sql.Channel);
        var promoted = 0;
        var queues = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            queues.Add(reader.GetString(0));
            promoted += (int)reader.GetInt64(1);
        }

        return new PromoteDueResult(promoted, queues);
    }

    /// <inheritdoc />
    public async ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct)
    {
        await using var command = Command("expired_leases").With("limit", request.Limit);
        return new GetExpiredLeasesResult(await JobRows.ReadAllAsync(command, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    /// <remarks>The cutoff is compared as given: it comes from the pruner's clock, and a skew only shifts retention by as much.</remarks>
    public async ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct)
    {
        await using var command = Command("delete_finalized")
            .With("state", request.State.ToWireName())
            .With("before", request.FinalizedBefore)
            .With("limit", request.Limit)
            .With("queue", request.Queue, NpgsqlDbType.Text)
            .With("except", request.ExceptQueues.ToArray());
        return new DeleteFinalizedResult(await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct)
    {
        await using var command = Command("acquire_leadership").With("name", request.Name).With("owner", request.Owner).With("ttl", request.Ttl);
        return new LeadershipResult(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct)
    {
        await using var command = Command("release_leadership").With("name", request.Name).With("owner", request.Owner);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct)
    {
        var node = request.Node;
        await using var command = Command("heartbeat")
            .With("id", node.Id)
            .With("host", node.Host)
            .With("pid", node.ProcessId)
            .With("queues", node.Queues)
            .With("started_at", node.StartedAt)
            .With("busy", node.Busy)
            .With("version", node.Version);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
