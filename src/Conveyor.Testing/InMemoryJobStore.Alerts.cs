using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The reference store's alerts, under the same lock as its jobs: a firing alert per rule and subject at most.</summary>
public sealed partial class InMemoryJobStore : IAlertStore
{
    private readonly SortedDictionary<long, AlertRecord> _alerts = [];
    private readonly Dictionary<(string Rule, string Subject), long> _firing = [];
    private long _nextAlertId;

    /// <inheritdoc />
    public ValueTask<FireAlertResult> FireAlertAsync(FireAlertRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var key = (request.Rule, request.Subject);
            if (_firing.TryGetValue(key, out var id))
            {
                var seen = _alerts[id];
                var touched = _alerts[id] = seen with { LastSeenAt = request.At > seen.LastSeenAt ? request.At : seen.LastSeenAt };
                return ValueTask.FromResult(new FireAlertResult(touched, Fired: false));
            }

            var alert = new AlertRecord
            {
                Id = ++_nextAlertId,
                Rule = request.Rule,
                Subject = request.Subject,
                Severity = request.Severity,
                Message = request.Message,
                FiredAt = request.At,
                LastSeenAt = request.At,
            };
            _alerts[alert.Id] = alert;
            _firing[key] = alert.Id;
            return ValueTask.FromResult(new FireAlertResult(alert, Fired: true));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ResolveAlertAsync(ResolveAlertRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_firing.Remove((request.Rule, request.Subject), out var id))
            {
                return ValueTask.FromResult(false);
            }

            _alerts[id] = _alerts[id] with { ResolvedAt = request.At };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<ListAlertsResult> ListFiringAlertsAsync(ListFiringAlertsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(new ListAlertsResult([.. _firing.Values.Order().Reverse().Select(id => _alerts[id])]));
        }
    }

    /// <inheritdoc />
    public ValueTask<ListAlertsResult> ListAlertHistoryAsync(ListAlertHistoryRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var page = _alerts.Values.Reverse()
                .Where(a => request.BeforeId is not { } before || a.Id < before)
                .Take(request.Limit)
                .ToList();
            return ValueTask.FromResult(new ListAlertsResult(page));
        }
    }

    /// <inheritdoc />
    public ValueTask<DeleteFinalizedResult> DeleteResolvedAlertsAsync(DeleteResolvedAlertsRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var old = _alerts.Values
                .Where(a => a.ResolvedAt < request.ResolvedBefore)
                .OrderBy(a => a.ResolvedAt)
                .Take(request.Limit)
                .Select(a => a.Id)
                .ToList();
            foreach (var id in old)
            {
                _alerts.Remove(id);
            }

            return ValueTask.FromResult(new DeleteFinalizedResult(old.Count));
        }
    }
}
