namespace OrderShop.Services;

/// <summary>The warehouse that packs and ships orders.</summary>
public interface IWarehouse
{
    /// <summary>Asks the warehouse to ship an order.</summary>
    Task RequestShipmentAsync(Order order, CancellationToken ct);
}

/// <summary>Pretends to notify the warehouse.</summary>
public sealed class FakeWarehouse(SimulatedLatency latency) : IWarehouse
{
    /// <inheritdoc />
    public Task RequestShipmentAsync(Order order, CancellationToken ct) => latency.WaitAsync(20, 50, ct);
}
