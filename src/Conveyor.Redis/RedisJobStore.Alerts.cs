using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The alerts: one hash per alert, the firing hash (rule and subject → id) that lets one alert of them fire at a time,
/// the history zset and the resolved zset, all in the global slot, so each transition is one script, on a Redis
/// Cluster too. Times are the caller's (the leader's clock), stored as given.
/// </summary>
public sealed partial class RedisJobStore : IAlertStore
{
    /// <inheritdoc />
    /// <remarks>One <c>fire_alert</c> script checks the firing hash and records or touches the alert, so of any number of callers one records it.</remarks>
    public async ValueTask<FireAlertResult> FireAlertAsync(FireAlertRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var topology = connection.Topology;
        var reply = (RedisResult[])(await connection.Scripts.RunAsync(
            "fire_alert",
            [topology.FiringAlerts, topology.Alerts, topology.AlertIds],
            [topology.Global, AlertHashes.FiringField(request.Rule, request.Subject), request.Rule, request.Subject, request.Severity, request.Message, Micros.Of(request.At)],
            ct).ConfigureAwait(false))!;
        return new FireAlertResult(AlertHashes.Read((long)reply[1], (RedisResult[])reply[2]!), Fired: (long)reply[0] == 1);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResolveAlertAsync(ResolveAlertRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var topology = connection.Topology;
        return (long)await connection.Scripts.RunAsync(
            "resolve_alert",
            [topology.FiringAlerts, topology.ResolvedAlerts],
            [topology.Global, AlertHashes.FiringField(request.Rule, request.Subject), Micros.Of(request.At)],
            ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <remarks>Reads the firing hash, then each alert's hash, pipelined: an alert resolved in between is shown as firing once more.</remarks>
    public async ValueTask<ListAlertsResult> ListFiringAlertsAsync(ListFiringAlertsRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var ids = await connection.Database.HashValuesAsync(connection.Topology.FiringAlerts).WaitAsync(ct).ConfigureAwait(false);
        return new ListAlertsResult(await ReadAlertsAsync(connection, [.. ids.Select(id => (long)id).OrderDescending()], ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    /// <remarks>Reads a page of ids off the history zset, then their hashes, pipelined; an alert pruned in between is left out.</remarks>
    public async ValueTask<ListAlertsResult> ListAlertHistoryAsync(ListAlertHistoryRequest request, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var ids = await connection.Database.SortedSetRangeByScoreAsync(
            connection.Topology.Alerts,
            stop: request.BeforeId ?? double.PositiveInfinity,
            exclude: Exclude.Stop,
            order: Order.Descending,
            take: request.Limit).WaitAsync(ct).ConfigureAwait(false);
        return new ListAlertsResult(await ReadAlertsAsync(connection, [.. ids.Select(id => (long)id)], ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<DeleteFinalizedResult> DeleteResolvedAlertsAsync(DeleteResolvedAlertsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new DeleteFinalizedResult(0);
        }

        var connection = await ConnectAsync(ct).ConfigureAwait(false);
        var topology = connection.Topology;
        var deleted = (long)await connection.Scripts.RunAsync(
            "delete_resolved_alerts",
            [topology.ResolvedAlerts, topology.Alerts],
            [topology.Global, Micros.Of(request.ResolvedBefore), request.Limit],
            ct).ConfigureAwait(false);
        return new DeleteFinalizedResult((int)deleted);
    }

    /// <summary>The hashes of <paramref name="ids"/>, in that order, pipelined; an empty hash (a deleted alert) is left out.</summary>
    private static async Task<List<AlertRecord>> ReadAlertsAsync(Connection connection, List<long> ids, CancellationToken ct)
    {
        var hashes = await Task.WhenAll(ids.Select(id => connection.Database.HashGetAllAsync(connection.Topology.Alert(id)))).WaitAsync(ct).ConfigureAwait(false);
        return [.. ids.Zip(hashes).Where(pair => pair.Second.Length > 0).Select(pair => AlertHashes.Read(pair.First, pair.Second))];
    }
}
