namespace Conveyor.Maintenance;

/// <summary>A periodic job of the elected leader: promote, rescue, prune. Each runs on its own interval.</summary>
internal abstract class MaintenanceTask
{
    /// <summary>How often the task runs.</summary>
    public abstract TimeSpan Interval { get; }

    /// <summary>The task's name, for logs.</summary>
    public abstract string Name { get; }

    /// <summary>One round of the task.</summary>
    public abstract Task RunOnceAsync(CancellationToken ct);
}
