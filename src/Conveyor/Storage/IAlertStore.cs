namespace Conveyor.Storage;

/// <summary>
/// The alerts the leader raised, kept in the store so that a new leader carries on where the last one stopped: it
/// reads the firing alerts, treats them as already firing (no second report) and resolves them when they clear. At
/// most one alert of a rule and subject is firing at a time, enforced by the store, so two leaders overlapping for a
/// round still record (and report) a firing once. Resolved alerts are the history, pruned by retention.
/// </summary>
public interface IAlertStore
{
    /// <summary>
    /// Records that an alert fires. If one of the same rule and subject is already firing, no second one is created:
    /// that one's last-seen time moves forward (never back) and it is returned with <see cref="FireAlertResult.Fired"/>
    /// false. Atomic under concurrent callers.
    /// </summary>
    ValueTask<FireAlertResult> FireAlertAsync(FireAlertRequest request, CancellationToken ct);

    /// <summary>
    /// Records that the firing alert of a rule and subject resolved; returns false (and changes nothing) if none of them
    /// is firing, e.g. another leader resolved it first.
    /// </summary>
    ValueTask<bool> ResolveAlertAsync(ResolveAlertRequest request, CancellationToken ct);

    /// <summary>The alerts firing now, newest first (id descending).</summary>
    ValueTask<ListAlertsResult> ListFiringAlertsAsync(ListFiringAlertsRequest request, CancellationToken ct);

    /// <summary>Every alert, firing or resolved, newest first (id descending), one page at a time.</summary>
    ValueTask<ListAlertsResult> ListAlertHistoryAsync(ListAlertHistoryRequest request, CancellationToken ct);

    /// <summary>Deletes alerts resolved before a cutoff, oldest resolved first, at most a limit of them; firing ones stay.</summary>
    ValueTask<DeleteFinalizedResult> DeleteResolvedAlertsAsync(DeleteResolvedAlertsRequest request, CancellationToken ct);
}
