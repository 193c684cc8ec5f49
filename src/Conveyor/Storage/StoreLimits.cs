namespace Conveyor.Storage;

/// <summary>Bounds every store keeps the same way.</summary>
public static class StoreLimits
{
    /// <summary>A job keeps its most recent errors, this many at most; older ones are dropped.</summary>
    public const int MaxErrorsPerJob = 20;

    /// <summary>The longest ordering key a job may have (<see cref="NewJob.OrderingKey"/>).</summary>
    public const int MaxOrderingKeyLength = 200;

    /// <summary>The longest W3C <c>traceparent</c> a job keeps (version 00 is 55 characters).</summary>
    public const int MaxTraceParentLength = 128;
}
