using Conveyor;
using OrderShop.Services;

namespace OrderShop.Api;

/// <summary>The orders table, read by the jobs' handlers and by <c>GET /orders/{id}</c>.</summary>
public sealed class ShopOrders(ShopDatabase database) : IOrders
{
    private const string SelectOrder = "SELECT id, customer_email, sku, quantity, total FROM orders WHERE id = @id;";

    /// <summary>The order, or null when there is none with this id.</summary>
    public async Task<Order?> FindAsync(long orderId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand().With("@id", orderId);
        command.CommandText = SelectOrder;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Order(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDecimal(4))
            : null;
    }

    /// <inheritdoc />
    /// <exception cref="PermanentJobException">No such order: retrying cannot make it appear.</exception>
    public async Task<Order> GetAsync(long orderId, CancellationToken ct) =>
        await FindAsync(orderId, ct) ?? throw new PermanentJobException($"Order {orderId} does not exist.");
}
