using Conveyor.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Sqlite;

/// <summary>
/// The alerts of <see cref="SqliteJobStore"/>, in <c>conveyor_alerts</c> (migration 10). A partial unique index lets one
/// alert of a rule and subject fire at a time; firing is an insert that yields to it, then a touch of the one firing,
/// in one <c>BEGIN IMMEDIATE</c> transaction, so concurrent leaders in any process record a firing once.
/// </summary>
public sealed partial class SqliteJobStore : IAlertStore
{
    /// <inheritdoc />
    public ValueTask<FireAlertResult> FireAlertAsync(FireAlertRequest request, CancellationToken ct)
    {
        var at = SqliteTime.ToMicros(request.At);
        return ValueTask.FromResult(Write(session =>
        {
            var fired = session.Command("alert_fire")
                .With("@rule", request.Rule).With("@subject", request.Subject).With("@severity", request.Severity)
                .With("@message", request.Message).With("@at", at)
                .ReadAll(ReadAlert);
            if (fired.Count == 1)
            {
                return new FireAlertResult(fired[0], Fired: true);
            }

            var touched = session.Command("alert_touch").With("@rule", request.Rule).With("@subject", request.Subject).With("@at", at).ReadAll(ReadAlert);
            return new FireAlertResult(touched[0], Fired: false);
        }));
    }

    /// <inheritdoc />
    public ValueTask<bool> ResolveAlertAsync(ResolveAlertRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => session.Command("alert_resolve")
            .With("@rule", request.Rule).With("@subject", request.Subject).With("@at", SqliteTime.ToMicros(request.At))
            .ExecuteNonQuery() == 1));

    /// <inheritdoc />
    public ValueTask<ListAlertsResult> ListFiringAlertsAsync(ListFiringAlertsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => new ListAlertsResult(session.Command("alerts_firing").ReadAll(ReadAlert))));

    /// <inheritdoc />
    public ValueTask<ListAlertsResult> ListAlertHistoryAsync(ListAlertHistoryRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Read(session => new ListAlertsResult(session.Command("alerts_history")
            .With("@before_id", request.BeforeId).With("@limit", request.Limit)
            .ReadAll(ReadAlert))));

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteResolvedAlertsAsync(DeleteResolvedAlertsRequest request, CancellationToken ct) =>
        ValueTask.FromResult(Write(session => new DeleteFinalizedResult(session.Command("alerts_delete_resolved")
            .With("@before", SqliteTime.ToMicros(request.ResolvedBefore)).With("@limit", request.Limit)
            .ExecuteNonQuery())));

    /// <summary>One row: id, rule, subject, severity, message, fired_at, last_seen_at, resolved_at.</summary>
    private static AlertRecord ReadAlert(SqliteDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Rule = row.GetString(1),
        Subject = row.GetString(2),
        Severity = row.GetString(3),
        Message = row.GetString(4),
        FiredAt = SqliteTime.FromMicros(row.GetInt64(5)),
        LastSeenAt = SqliteTime.FromMicros(row.GetInt64(6)),
        ResolvedAt = row.IsDBNull(7) ? null : SqliteTime.FromMicros(row.GetInt64(7)),
    };
}
