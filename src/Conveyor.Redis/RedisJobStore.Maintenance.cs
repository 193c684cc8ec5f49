using System.Text.Json;
using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Maintenance (promotion, rescue, retention), leadership and the node registry.</summary>
public sealed partial class RedisJobStore
{
    /// <summary>How many entries of a final state one <c>delete_finalized</c> script looks at, at most.</summary>
    internal const int FinalizedScanChunk = 1000;

    /// <inheritdoc />
    public async ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var promoted = 0;
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var partition in await connection.Topology.AllAsync().ConfigureAwait(false))
        {
            var pairs = (RedisResult[])(await connection.Scripts.RunAsync(
                "promote", [partition.Scheduled, partition.Counts], [Now(), partition.Base, request.Limit - promoted, connection.Topology.Wake], ct)
                .ConfigureAwait(false))!;
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                queues.Add((string)pairs[i]!);
                promoted += (int)pairs[i + 1];
            }

            if (promoted >= request.Limit)
            {
                break;
            }
        }

        return new PromoteDueResult(promoted, [.. queues]);
    }

    /// <inheritdoc />
    public async ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var expired = new List<JobRecord>();
        foreach (var partition in await connection.Topology.AllAsync().ConfigureAwait(false))
        {
            var jobs = await connection.Scripts.RunAsync("expired_leases", [partition.Running], [Now(), partition.Base, request.Limit], ct).ConfigureAwait(false);
            expired.AddRange(JobHashes.ReadAll(jobs));
        }

        return new GetExpiredLeasesResult([.. expired.OrderBy(j => j.LeaseExpiresAt).Take(request.Limit)]);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Walks each partition's entries of the state in the order the jobs finished, a bounded number per script, so no
    /// call blocks the server. On a cluster only the partitions of the queues asked for are walked; on a single server
    /// the script filters by queue, and a walk limited to some queues passes over the jobs of the others up to the cutoff.
    /// </remarks>
    public async ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct)
    {
        if (!request.State.IsFinal())
        {
            throw new ArgumentException($"Only final states are pruned, not {request.State}.", nameof(request));
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        Func<string, bool> inScope = request.Queue is { } queue ? q => q == queue : q => !request.ExceptQueues.Contains(q);

        // A cluster's partitions are of one queue each, so the script's filter only leaves jobs out on a single server.
        RedisValue[] filter = request.Queue is { } only ? ["only", only] : ["except", .. request.ExceptQueues.Select(q => (RedisValue)q)];
        var deleted = 0;
        foreach (var partition in await connection.Topology.WhereQueueAsync(inScope).ConfigureAwait(false))
        {
            var passed = 0L;
            var more = true;
            while (more && deleted < request.Limit)
            {
                var reply = (long[])(await connection.Scripts.RunAsync(
                    "delete_finalized",
                    [partition.Final(request.State), partition.Jobs, partition.Counts],
                    [partition.Base, (int)request.State, Micros.Of(request.FinalizedBefore), request.Limit - deleted, passed, FinalizedScanChunk, .. filter],
                    ct).ConfigureAwait(false))!;
                deleted += (int)reply[0];
                passed = reply[1];
                more = reply[2] == 1;
            }

            if (deleted >= request.Limit)
            {
                break;
            }
        }

        return new DeleteFinalizedResult(deleted);
    }

    /// <inheritdoc />
    public async ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var leads = (long)await connection.Scripts.RunAsync(
            "acquire_leadership", [connection.Topology.Global + "leaders"], [Now(), request.Name, request.Owner, Micros.Of(request.Ttl)], ct).ConfigureAwait(false);
        return new LeadershipResult(leads == 1);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        await connection.Scripts.RunAsync("release_leadership", [connection.Topology.Global + "leaders"], [request.Name, request.Owner], ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var node = request.Node;
        await connection.Scripts.RunAsync(
            "heartbeat",
            [connection.Topology.Global + "nodes", connection.Topology.Global + "seen"],
            [Now(), node.Id, JsonSerializer.Serialize(node, ConveyorJson.Options)],
            ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ListNodesResult> ListNodesAsync(ListNodesRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var global = connection.Topology.Global;
        var seen = await connection.Database.SortedSetRangeByScoreWithScoresAsync(global + "seen", Micros.Of(request.SeenSince)).WaitAsync(ct).ConfigureAwait(false);
        if (seen.Length == 0)
        {
            return new ListNodesResult([]);
        }

        var nodes = await connection.Database.HashGetAsync(global + "nodes", [.. seen.Select(s => s.Element)]).WaitAsync(ct).ConfigureAwait(false);
        return new ListNodesResult([.. seen.Zip(nodes)
            .Where(pair => !pair.Second.IsNull)
            .Select(pair => JsonSerializer.Deserialize<NodeInfo>((string)pair.Second!, ConveyorJson.Options)! with { LastSeenAt = Micros.ToTime((long)pair.First.Score) })
            .OrderBy(node => node.Id, StringComparer.Ordinal)]);
    }
}
