namespace Conveyor.Redis.Tests.Processes;

/// <summary>A job the store acknowledged: its id, its arguments (no other job's), and when (a <see cref="TimeProvider.System"/> timestamp).</summary>
internal sealed record AcknowledgedJob(long Id, string Args, long AcknowledgedAt);
