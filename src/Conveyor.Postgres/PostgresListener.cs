using Npgsql;

namespace Conveyor.Postgres;

/// <summary>
/// One LISTEN connection and the loop that waits on it, reconnecting with exponential backoff when it breaks.
/// Losing it costs latency only: the runtime polls, and renews leases, regardless.
/// </summary>
internal sealed class PostgresListener : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _source;
    private readonly string _listen;
    private readonly Action<string, string> _onNotification;
    private readonly Action _onReconnected;
    private readonly CancellationTokenSource _stop;
    private Task _loop = Task.CompletedTask;
    private int _disposing;

    /// <summary>
    /// A listener that runs <paramref name="listen"/> on each connection it opens, passes each notification's channel
    /// and payload to <paramref name="onNotification"/>, and calls <paramref name="onReconnected"/> after reopening a
    /// connection (notifications sent meanwhile are lost).
    /// </summary>
    public PostgresListener(NpgsqlDataSource source, string listen, Action<string, string> onNotification, Action onReconnected, CancellationToken storeDisposed)
    {
        _source = source;
        _listen = listen;
        _onNotification = onNotification;
        _onReconnected = onReconnected;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(storeDisposed);
    }

    /// <summary>Subscribes before returning when the database is reachable (so a job inserted next wakes us), else keeps trying in the background.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await ConnectAsync(ct).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // Unreachable now: the loop retries, and polling finds jobs meanwhile.
        }

        _loop = Task.Run(() => RunAsync(connection, _stop.Token), CancellationToken.None);
    }

    /// <summary>Stops listening and closes the connection. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(NpgsqlConnection? connection, CancellationToken stop)
    {
        var retry = FirstRetry;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await ConnectAsync(stop).ConfigureAwait(false);
                    _onReconnected(); // whatever was notified while we were away is lost
                }

                retry = FirstRetry;
                while (true)
                {
                    await connection.WaitAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or ObjectDisposedException)
            {
                // The connection broke (server restart, network): drop it and come back after a growing pause.
                await DisposeAsync(connection).ConfigureAwait(false);
                connection = null;
                retry = await PauseAsync(retry, stop).ConfigureAwait(false);
            }
        }

        await DisposeAsync(connection).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            connection.Notification += (_, e) => _onNotification(e.Channel, e.Payload);
            await using var listen = new NpgsqlCommand(_listen, connection);
            await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<TimeSpan> PauseAsync(TimeSpan retry, CancellationToken stop)
    {
        try
        {
            await Task.Delay(retry, TimeProvider.System, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends at its next check.
        }

        return TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
    }

    private static ValueTask DisposeAsync(NpgsqlConnection? connection) => connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
