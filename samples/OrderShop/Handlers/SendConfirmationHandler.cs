using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Subscriber <c>confirmation</c> of <see cref="OrderPlaced"/>: emails the customer (queue <c>high</c>).</summary>
public sealed class SendConfirmationHandler(IOrders orders, IEmail email) : IJobHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct)
    {
        var order = await orders.GetAsync(args.OrderId, ct);
        await email.SendAsync(order.CustomerEmail, $"Thanks for your order #{order.Id}", ct);
    }
}
