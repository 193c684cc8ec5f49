namespace Conveyor.Runtime;

/// <summary>
/// What an attempt decided, and whether it is already persisted (written with the handler's own transaction), in
/// which case it must not go through the completion batcher; <see cref="Stale"/> when that write found the lease lost
/// and changed nothing.
/// </summary>
internal readonly record struct AttemptResult(JobCompletion Completion, bool Persisted)
{
    /// <summary>The persisted write was ignored as stale: the job did not reach the completion's state here.</summary>
    public bool Stale { get; init; }
}
