namespace OrderShop.Services;

/// <summary>The customer relationship manager.</summary>
public interface ICrm
{
    /// <summary>Creates or updates a customer.</summary>
    Task UpsertCustomerAsync(string email, CancellationToken ct);
}

/// <summary>Pretends to call the CRM.</summary>
public sealed class FakeCrm(SimulatedLatency latency) : ICrm
{
    /// <inheritdoc />
    public Task UpsertCustomerAsync(string email, CancellationToken ct) => latency.WaitAsync(50, 150, ct);
}
