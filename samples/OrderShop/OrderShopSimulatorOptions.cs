namespace OrderShop;

/// <summary>How fast <see cref="OrderShopSimulator"/> places orders.</summary>
public sealed record OrderShopSimulatorOptions
{
    /// <summary>Orders per second (default 5); each order enqueues about six jobs.</summary>
    public double OrdersPerSecond { get; init; } = 5;
}
