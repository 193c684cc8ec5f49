using Conveyor;

namespace OrderShop.Jobs;

/// <summary>
/// Emails the receipt for an order's payment. Enqueued as a continuation of <see cref="ChargePayment"/>: it runs only
/// once the charge completed, and reads the amount from the charge's result.
/// </summary>
public sealed record SendReceipt(long OrderId) : IJobArgs
{
    public static string Kind => "send_receipt";
}
