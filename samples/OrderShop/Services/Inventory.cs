using System.Collections.Concurrent;

namespace OrderShop.Services;

/// <summary>Stock levels.</summary>
public interface IInventory
{
    /// <summary>Takes <paramref name="quantity"/> of <paramref name="sku"/> out of stock.</summary>
    Task ReserveAsync(string sku, int quantity, CancellationToken ct);
}

/// <summary>Stock levels in memory.</summary>
public sealed class FakeInventory(SimulatedLatency latency) : IInventory
{
    private readonly ConcurrentDictionary<string, long> _reserved = new(StringComparer.Ordinal);

    /// <summary>How many of a SKU were reserved so far.</summary>
    public long Reserved(string sku) => _reserved.GetValueOrDefault(sku);

    /// <inheritdoc />
    public async Task ReserveAsync(string sku, int quantity, CancellationToken ct)
    {
        await latency.WaitAsync(10, 30, ct);
        _reserved.AddOrUpdate(sku, quantity, (_, n) => n + quantity);
    }
}
