namespace Conveyor;

/// <summary>
/// Runs jobs whose arguments are <typeparamref name="TArgs"/>. Resolved from DI in a fresh scope for every attempt.
/// Delivery is at-least-once: a handler may run again after a crash, so make its effects idempotent.
/// </summary>
/// <typeparam name="TArgs">The job's arguments.</typeparam>
public interface IJobHandler<in TArgs>
    where TArgs : IJobArgs
{
    /// <summary>Does the job's work. Throwing fails the attempt; <see cref="PermanentJobException"/> skips retries.</summary>
    /// <param name="args">The job's arguments.</param>
    /// <param name="context">The job's id, attempt and controls.</param>
    /// <param name="ct">Cancelled at the soft time limit, on cancel requests, on a lost lease and at shutdown.</param>
    Task HandleAsync(TArgs args, JobContext context, CancellationToken ct);
}
