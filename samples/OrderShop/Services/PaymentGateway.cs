namespace OrderShop.Services;

/// <summary>Charges cards.</summary>
public interface IPaymentGateway
{
    /// <summary>Charges <paramref name="amount"/> to <paramref name="card"/>; returns false when the card is declined.</summary>
    Task<bool> ChargeAsync(string card, decimal amount, CancellationToken ct);
}

/// <summary>A test gateway: every card is accepted except <see cref="DeclinedCard"/>.</summary>
public sealed class FakePaymentGateway(SimulatedLatency latency) : IPaymentGateway
{
    /// <summary>The test card number that is always declined.</summary>
    public const string DeclinedCard = "4000-0000-0000-0002";

    /// <summary>A test card number that is always accepted.</summary>
    public const string GoodCard = "4242-4242-4242-4242";

    /// <inheritdoc />
    public async Task<bool> ChargeAsync(string card, decimal amount, CancellationToken ct)
    {
        await latency.WaitAsync(40, 80, ct);
        return card != DeclinedCard;
    }
}
