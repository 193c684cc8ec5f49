namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// One restart of the store's server: <paramref name="Down"/> when the restart (or kill) began, <paramref name="Up"/>
/// when the server first accepted a connection and answered again after going down (the probe's first success).
/// </summary>
public sealed record StoreOutage(int Number, DateTimeOffset Down, DateTimeOffset Up)
{
    /// <summary><see cref="Down"/> in Unix milliseconds, the ledgers' clock.</summary>
    public long DownMs => Down.ToUnixTimeMilliseconds();

    /// <summary><see cref="Up"/> in Unix milliseconds, the ledgers' clock.</summary>
    public long UpMs => Up.ToUnixTimeMilliseconds();

    /// <summary>From the restart's beginning to the server answering again.</summary>
    public TimeSpan Length => Up - Down;

    /// <summary>
    /// Restarts the server through <paramref name="restart"/> while polling <paramref name="accepts"/> (a fresh
    /// connection and a round trip, failing fast) every 10 ms; returns once the probe has seen the server refuse and
    /// then answer again. Fails the test if the probe never saw it down or it does not come back within <paramref name="deadline"/>.
    /// </summary>
    public static async Task<StoreOutage> MeasureAsync(int number, Func<Task> restart, Func<Task<bool>> accepts, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(restart);
        ArgumentNullException.ThrowIfNull(accepts);
        using var stop = new CancellationTokenSource(deadline);
        var down = TimeProvider.System.GetUtcNow();
        var probe = ProbeAsync(accepts, stop.Token);
        try
        {
            await restart();
            return new StoreOutage(number, down, await probe);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Assert.Fail($"Restart {number}: the probe did not see the server go down and answer again within {deadline}.");
            throw;
        }
        finally
        {
            // Ends the probe if the restart failed.
            await stop.CancelAsync();
        }
    }

    private static async Task<DateTimeOffset> ProbeAsync(Func<Task<bool>> accepts, CancellationToken stop)
    {
        var seenDown = false;
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            // Stamped before the attempt: the server began to answer somewhere in it, so the outage is never cut short.
            var at = TimeProvider.System.GetUtcNow();
            if (!await accepts())
            {
                seenDown = true;
            }
            else if (seenDown)
            {
                return at;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), stop);
        }
    }
}
