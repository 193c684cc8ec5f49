using System.Globalization;
using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Sends the receipt for the amount the parent <see cref="ChargePayment"/> job stored as its result.</summary>
public sealed class SendReceiptHandler(IOrders orders, IEmail email) : IJobHandler<SendReceipt>
{
    public async Task HandleAsync(SendReceipt args, JobContext context, CancellationToken ct)
    {
        var batch = await context.GetBatchAsync(ct);
        var charged = batch?.Jobs.Select(j => j.ReadResult<PaymentCharged>()).FirstOrDefault(r => r?.OrderId == args.OrderId)
            ?? throw new PermanentJobException($"No completed charge for order {args.OrderId}: a receipt runs as the continuation of its ChargePayment.");
        var order = await orders.GetAsync(args.OrderId, ct);
        await email.SendAsync(order.CustomerEmail, string.Create(CultureInfo.InvariantCulture, $"Receipt: {charged.Amount:0.00} received"), ct);
    }
}
