using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>
/// Charges the order. A declined card will be declined again, so retrying is pointless: it throws
/// <see cref="PermanentJobException"/> and the job goes straight to <c>discarded</c>, the dead-letter state. A charge
/// that went through stores <see cref="PaymentCharged"/> as its result, which its <see cref="SendReceipt"/>
/// continuation reads.
/// </summary>
public sealed class ChargePaymentHandler(IOrders orders, IPaymentGateway payments) : IJobHandler<ChargePayment>
{
    public async Task HandleAsync(ChargePayment args, JobContext context, CancellationToken ct)
    {
        var order = await orders.GetAsync(args.OrderId, ct);
        if (!await payments.ChargeAsync(args.Card, order.Total, ct))
        {
            throw new PermanentJobException($"Card declined for order {order.Id} ({order.Total:0.00}).");
        }

        context.SetResult(new PaymentCharged(order.Id, order.Total));
    }
}
