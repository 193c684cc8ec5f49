using System.Data.Common;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>One attempt's transaction: the handler writes in it, then the completion commits with those writes or neither lands.</summary>
internal sealed class PostgresHandlerTransaction(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    Func<IReadOnlyList<JobCompletion>, NpgsqlTransaction, CancellationToken, Task<bool[]>> apply) : IHandlerTransaction
{
    private bool _completed;

    /// <inheritdoc />
    public DbTransaction Transaction => transaction;

    /// <inheritdoc />
    public async ValueTask<bool> CompleteAndCommitAsync(JobCompletion completion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (_completed)
        {
            throw new InvalidOperationException("This attempt's transaction has already been completed.");
        }

        _completed = true;
        // The guard decides: if another worker took the lease over, the handler's writes must not land either.
        if ((await apply([completion], transaction, ct).ConfigureAwait(false))[0])
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return true;
        }

        await transaction.RollbackAsync(ct).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
