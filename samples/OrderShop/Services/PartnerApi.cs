namespace OrderShop.Services;

/// <summary>A third-party partner's HTTP API.</summary>
public interface IPartnerApi
{
    /// <summary>Reports an order to the partner.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="attempt">The job's attempt number: the fake uses it to fail the first ones.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="HttpRequestException">The partner is unavailable.</exception>
    Task ReportOrderAsync(long orderId, int attempt, CancellationToken ct);
}

/// <summary>A flaky partner: answers 503 to the first <see cref="FailingAttempts"/> attempts of every call, then succeeds.</summary>
public sealed class FakePartnerApi(SimulatedLatency latency) : IPartnerApi
{
    /// <summary>How many attempts fail before one succeeds.</summary>
    public const int FailingAttempts = 2;

    /// <inheritdoc />
    public async Task ReportOrderAsync(long orderId, int attempt, CancellationToken ct)
    {
        await latency.WaitAsync(50, 100, ct);
        if (attempt <= FailingAttempts)
        {
            throw new HttpRequestException($"Partner API answered 503 Service Unavailable for order {orderId}.");
        }
    }
}
