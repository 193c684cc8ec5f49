namespace Conveyor.Maintenance;

/// <summary>
/// A periodic maintenance job: promote and prune on the elected leader, rescue on every node. Each runs on its own
/// interval.
/// </summary>
internal abstract class MaintenanceTask
{
    /// <summary>How often the task runs.</summary>
    public abstract TimeSpan Interval { get; }

    /// <summary>
    /// Whether every node runs the task, not only the leader: for one whose rounds by several nodes at once are safe
    /// and which must not wait for an election.
    /// </summary>
    public virtual bool RunsOnEveryNode => false;

    /// <summary>The task's name, for logs.</summary>
    public abstract string Name { get; }

    /// <summary>One round of the task.</summary>
    public abstract Task RunOnceAsync(CancellationToken ct);
}
