using Conveyor.Storage;

namespace Conveyor.Postgres;

/// <summary>Transactional completion for <see cref="PostgresJobStore"/>: a handler's writes and its job's completion in one transaction.</summary>
public sealed partial class PostgresJobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// A pooled connection with a READ COMMITTED transaction, held for the attempt. The job's row is touched only by
    /// the completion at the end, so lease renewals on other connections never wait for the handler.
    /// </remarks>
    public async ValueTask<IHandlerTransaction> BeginHandlerTransactionAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
            return new PostgresHandlerTransaction(connection, transaction, ApplyCompletionsAsync, EndSessionAsync);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task EndSessionAsync(int processId)
    {
        await using var command = Command("terminate_session").With("pid", processId);
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
