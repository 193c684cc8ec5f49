namespace Conveyor;

/// <summary>A batch the client created: its id, its new jobs' ids in the order added, and its callback's id.</summary>
public sealed record EnqueuedBatch(long BatchId, IReadOnlyList<long> JobIds, long CallbackJobId);
