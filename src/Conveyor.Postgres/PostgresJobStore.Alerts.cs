using Conveyor.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Conveyor.Postgres;

/// <summary>
/// The alerts of <see cref="PostgresJobStore"/>, in <c>alerts</c> (migration 10). A partial unique index lets one alert of
/// a rule and subject fire at a time, so of leaders firing it together (or a new leader firing it again) one records it.
/// Times are the caller's (the leader's clock), stored as given.
/// </summary>
public sealed partial class PostgresJobStore : IAlertStore
{
    /// <inheritdoc />
    /// <remarks>
    /// An insert that yields to the firing alert, then, if it yielded, a touch of that one. Each is its own statement,
    /// so the touch sees an alert another caller inserted after the insert began; if that alert was resolved in
    /// between, the insert is tried again.
    /// </remarks>
    public async ValueTask<FireAlertResult> FireAlertAsync(FireAlertRequest request, CancellationToken ct)
    {
        while (true)
        {
            await using (var fire = Command("fire_alert")
                .With("rule", request.Rule).With("subject", request.Subject).With("severity", request.Severity)
                .With("message", request.Message).With("at", request.At))
            {
                if ((await fire.ReadAllAsync(ReadAlert, ct).ConfigureAwait(false)) is [var fired])
                {
                    return new FireAlertResult(fired, Fired: true);
                }
            }

            await using var touch = Command("touch_alert").With("rule", request.Rule).With("subject", request.Subject).With("at", request.At);
            if ((await touch.ReadAllAsync(ReadAlert, ct).ConfigureAwait(false)) is [var touched])
            {
                return new FireAlertResult(touched, Fired: false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResolveAlertAsync(ResolveAlertRequest request, CancellationToken ct)
    {
        await using var command = Command("resolve_alert").With("rule", request.Rule).With("subject", request.Subject).With("at", request.At);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<ListAlertsResult> ListFiringAlertsAsync(ListFiringAlertsRequest request, CancellationToken ct)
    {
        await using var command = Command("list_firing_alerts");
        return new ListAlertsResult(await command.ReadAllAsync(ReadAlert, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<ListAlertsResult> ListAlertHistoryAsync(ListAlertHistoryRequest request, CancellationToken ct)
    {
        await using var command = Command("list_alert_history").With("before_id", request.BeforeId, NpgsqlDbType.Bigint).With("limit", request.Limit);
        return new ListAlertsResult(await command.ReadAllAsync(ReadAlert, ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<DeleteFinalizedResult> DeleteResolvedAlertsAsync(DeleteResolvedAlertsRequest request, CancellationToken ct)
    {
        if (request.Limit <= 0)
        {
            return new DeleteFinalizedResult(0);
        }

        await using var command = Command("delete_resolved_alerts").With("before", request.ResolvedBefore).With("limit", request.Limit);
        return new DeleteFinalizedResult(await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false));
    }

    /// <summary>One row: id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at.</summary>
    private static AlertRecord ReadAlert(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Rule = row.GetString(1),
        Subject = row.GetString(2),
        Severity = row.GetString(3),
        Message = row.GetString(4),
        FiredAt = row.GetFieldValue<DateTimeOffset>(5),
        LastSeenAt = row.GetFieldValue<DateTimeOffset>(6),
        ResolvedAt = row.IsDBNull(7) ? null : row.GetFieldValue<DateTimeOffset>(7),
    };
}
