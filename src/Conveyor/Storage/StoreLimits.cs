namespace Conveyor.Storage;

/// <summary>Bounds every store keeps the same way.</summary>
public static class StoreLimits
{
    /// <summary>A job keeps its most recent errors, this many at most; older ones are dropped.</summary>
    public const int MaxErrorsPerJob = 20;
}
