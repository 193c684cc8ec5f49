using System.Data;
using System.Data.Common;
using Conveyor.Storage;
using Npgsql;

namespace Conveyor.Postgres;

/// <summary>One attempt's transaction: the handler writes in it, then the completion commits with those writes or neither lands.</summary>
internal sealed class PostgresHandlerTransaction(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    Func<IReadOnlyList<JobCompletion>, NpgsqlTransaction, CancellationToken, Task<bool[]>> apply,
    Func<int, Task> endSession) : IHandlerTransaction
{
    private static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan BusyLimit = TimeSpan.FromSeconds(10);
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
    /// <remarks>
    /// A handler past its hard time limit may still be running a statement on the connection, and Npgsql cannot roll
    /// back under it. Its session is then ended from another connection (the server rolls back at once) and the
    /// handler's statement fails, after which the broken connection is disposed.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Busy)
        {
            await endSession(connection.ProcessID).ConfigureAwait(false);
            var waited = TimeSpan.Zero;
            while (Busy && waited < BusyLimit)
            {
                await Task.Delay(BusyPoll, TimeProvider.System).ConfigureAwait(false);
                waited += BusyPoll;
            }
        }

        await transaction.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private bool Busy => (connection.FullState & (ConnectionState.Executing | ConnectionState.Fetching)) != 0;
}
