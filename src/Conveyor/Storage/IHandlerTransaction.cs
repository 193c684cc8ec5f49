using System.Data.Common;

namespace Conveyor.Storage;

/// <summary>
/// One attempt's transaction on the store's database (<see cref="ITransactionalCompletionStore"/>). Disposing it
/// without <see cref="CompleteAndCommitAsync"/> rolls the handler's writes back and returns the connection.
/// </summary>
public interface IHandlerTransaction : IAsyncDisposable
{
    /// <summary>The open transaction the handler writes in (its <see cref="DbTransaction.Connection"/> is open).</summary>
    DbTransaction Transaction { get; }

    /// <summary>
    /// Applies <paramref name="completion"/> inside the transaction under the Running + attempt + owner guard and
    /// commits. When the guard fails (the lease was lost), rolls back instead, so none of the handler's writes
    /// land, and returns false.
    /// </summary>
    ValueTask<bool> CompleteAndCommitAsync(JobCompletion completion, CancellationToken ct);
}
