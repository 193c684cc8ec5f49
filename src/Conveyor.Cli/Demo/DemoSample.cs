namespace Conveyor.Cli.Demo;

/// <summary>One queue's line in the demo's table.</summary>
internal sealed record DemoQueueRow(string Queue, long Depth, long Running, long Processed, long Retried, long Dead, double JobsPerSecond);

/// <summary>What the demo shows at one moment: a row per queue, the totals, and how far the run has come.</summary>
internal sealed record DemoSample(IReadOnlyList<DemoQueueRow> Rows, DemoQueueRow Total, TimeSpan Elapsed, long OrdersPlaced, long JobsEnqueued, long EnqueueFailures);
