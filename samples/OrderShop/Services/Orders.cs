using System.Collections.Concurrent;

namespace OrderShop.Services;

/// <summary>Where the shop keeps its orders.</summary>
public interface IOrders
{
    /// <summary>The order with this id.</summary>
    Task<Order> GetAsync(long orderId, CancellationToken ct);
}

/// <summary>
/// Orders in memory, for the demo. Jobs may outlive the process that placed their order (the demo's database
/// persists across runs), so an unknown id gets a made-up order instead of failing.
/// </summary>
public sealed class InMemoryOrders : IOrders
{
    private static readonly string[] Skus = ["mug", "tshirt", "poster", "sticker-pack", "hoodie"];
    private readonly ConcurrentDictionary<long, Order> _orders = new();
    private long _lastId;

    /// <summary>Stores a new order and returns it with its id.</summary>
    public Order Place(string customerEmail, string sku, int quantity, decimal total)
    {
        var order = new Order(Interlocked.Increment(ref _lastId), customerEmail, sku, quantity, total);
        _orders[order.Id] = order;
        return order;
    }

    /// <inheritdoc />
    public Task<Order> GetAsync(long orderId, CancellationToken ct) =>
        Task.FromResult(_orders.GetValueOrDefault(orderId)
            ?? new Order(orderId, $"customer{orderId % 500}@example.com", Skus[orderId % Skus.Length], 1, 10m));
}
