using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Subscriber <c>inventory</c> of <see cref="OrderPlaced"/>: takes the ordered items out of stock.</summary>
public sealed class UpdateInventoryHandler(IOrders orders, IInventory inventory) : IJobHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct)
    {
        var order = await orders.GetAsync(args.OrderId, ct);
        await inventory.ReserveAsync(order.Sku, order.Quantity, ct);
    }
}
