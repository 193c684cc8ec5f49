using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Subscriber <c>warehouse</c> of <see cref="OrderPlaced"/>: asks the warehouse to ship.</summary>
public sealed class NotifyWarehouseHandler(IOrders orders, IWarehouse warehouse) : IJobHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct)
    {
        var order = await orders.GetAsync(args.OrderId, ct);
        await warehouse.RequestShipmentAsync(order, ct);
    }
}
