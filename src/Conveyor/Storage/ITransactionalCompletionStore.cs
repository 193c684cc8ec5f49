namespace Conveyor.Storage;

/// <summary>
/// Optional: a store that lets a handler do its database work in a transaction on the store's own database and then
/// completes the job in that same transaction, so the handler's writes and the job's completion commit together or
/// not at all (exactly-once effects for database work).
/// </summary>
public interface ITransactionalCompletionStore
{
    /// <summary>Opens a transaction for one attempt. The job's row is not touched until the completion.</summary>
    ValueTask<IHandlerTransaction> BeginHandlerTransactionAsync(CancellationToken ct);
}
