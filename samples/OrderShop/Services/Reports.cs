namespace OrderShop.Services;

/// <summary>Builds reports.</summary>
public interface IReports
{
    /// <summary>Builds the sales report of a period.</summary>
    Task BuildSalesReportAsync(string period, CancellationToken ct);
}

/// <summary>Pretends to build a report; slow on purpose.</summary>
public sealed class FakeReports(SimulatedLatency latency) : IReports
{
    /// <inheritdoc />
    public Task BuildSalesReportAsync(string period, CancellationToken ct) => latency.WaitAsync(300, 600, ct);
}
