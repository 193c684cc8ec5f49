using Conveyor.Chaos.Tests.Harness;

namespace Conveyor.Chaos.Tests.Restarts;

/// <summary>
/// The test process as a steady producer: one <c>chaos_work</c> job at a time, <see cref="RestartSizes.PerSecond"/> a
/// second, through restarts. The cluster records each enqueue (acknowledged, or of unknown outcome when the store
/// failed); this producer also stamps when each acknowledgement arrived, which bounds what a Redis kill may take back.
/// A failed enqueue is expected while the server is down: the producer backs off 100 ms and goes on, as a real one would.
/// </summary>
internal sealed class RestartProducer : IAsyncDisposable
{
    private static readonly TimeSpan BackOff = TimeSpan.FromMilliseconds(100);
    private readonly List<(long Id, DateTimeOffset At)> _acknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private RestartProducer(ChaosCluster cluster) => _run = Task.Run(() => RunAsync(cluster));

    /// <summary>Each acknowledged job and when its acknowledgement arrived, in order; read it once the producer stopped.</summary>
    public IReadOnlyList<(long Id, DateTimeOffset At)> Acknowledged => _acknowledged;

    /// <summary>Starts producing into <paramref name="cluster"/>.</summary>
    public static RestartProducer Start(ChaosCluster cluster) => new(cluster);

    /// <summary>Stops producing and waits for the last enqueue; rethrows what ended the producer if it was not a store error.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (Exception)
        {
            // Reported by StopAsync; disposal only makes sure the loop has ended.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(ChaosCluster cluster)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / RestartSizes.PerSecond));
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            try
            {
                var id = await cluster.EnqueueAsync("chaos_work", new { ms = RestartSizes.WorkMs(i) }, maxAttempts: 25);
                _acknowledged.Add((id, TimeProvider.System.GetUtcNow()));
            }
            catch (Exception ex) when (ChaosCluster.IsStoreError(ex))
            {
                await Task.Delay(BackOff, CancellationToken.None);
            }

            try
            {
                await timer.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
