namespace Conveyor.Runtime;

/// <summary>
/// What an attempt decided, and whether it is already persisted (written with the handler's own transaction), in
/// which case it must not go through the completion batcher.
/// </summary>
internal readonly record struct AttemptResult(JobCompletion Completion, bool Persisted);
