namespace OrderShop.Jobs;

/// <summary>The result a completed <see cref="ChargePayment"/> stores: what was charged for which order.</summary>
public sealed record PaymentCharged(long OrderId, decimal Amount);
