using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Sends an order's confirmation email when enqueued on its own (for example from the CLI, to resend it).</summary>
public sealed class SendConfirmationEmailHandler(IOrders orders, IEmail email) : IJobHandler<SendConfirmationEmail>
{
    public async Task HandleAsync(SendConfirmationEmail args, JobContext context, CancellationToken ct)
    {
        var order = await orders.GetAsync(args.OrderId, ct);
        await email.SendAsync(order.CustomerEmail, "Thanks for your order", ct);
    }
}
