using Conveyor;

namespace OrderShop.Jobs;

/// <summary>Charges an order's card. A declined card is a permanent failure: the job goes straight to <c>discarded</c>.</summary>
public sealed record ChargePayment(long OrderId, string Card) : IJobArgs
{
    public static string Kind => "charge_payment";
}
