namespace OrderShop.Services;

/// <summary>The analytics pipeline.</summary>
public interface IAnalytics
{
    /// <summary>Records an event.</summary>
    Task TrackAsync(string name, long orderId, CancellationToken ct);
}

/// <summary>Pretends to record analytics events.</summary>
public sealed class FakeAnalytics(SimulatedLatency latency) : IAnalytics
{
    /// <inheritdoc />
    public Task TrackAsync(string name, long orderId, CancellationToken ct) => latency.WaitAsync(5, 15, ct);
}
