using Conveyor;

namespace OrderShop.Jobs;

/// <summary>An event: an order was placed. Publishing it enqueues one job per subscriber (email, warehouse, inventory, analytics).</summary>
public sealed record OrderPlaced(long OrderId) : IJobArgs
{
    public static string Kind => "order_placed";
}
