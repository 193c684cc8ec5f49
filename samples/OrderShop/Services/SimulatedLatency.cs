namespace OrderShop.Services;

/// <summary>Makes the fake services take a short, random time, like the real ones would.</summary>
public sealed class SimulatedLatency(TimeProvider time)
{
    /// <summary>Waits between <paramref name="minMs"/> and <paramref name="maxMs"/> milliseconds.</summary>
    public Task WaitAsync(int minMs, int maxMs, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(minMs, maxMs + 1)), time, ct);
}
