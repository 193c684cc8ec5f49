using System.Data.Common;
using Conveyor;

namespace OrderShop.Api;

/// <summary>
/// The shop's own database, which also holds the jobs, so an order and its jobs can commit in one transaction:
/// <see cref="SqliteShopDatabase"/> or <see cref="PostgresShopDatabase"/>.
/// </summary>
public abstract class ShopDatabase
{
    /// <summary>The <c>CREATE TABLE IF NOT EXISTS orders</c> statement, in this database's dialect.</summary>
    protected abstract string CreateOrders { get; }

    /// <summary>Makes this database the job store too.</summary>
    public abstract ConveyorBuilder UseForJobs(ConveyorBuilder c);

    /// <summary>A new, open connection.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Creates the <c>orders</c> table unless it exists.</summary>
    public async Task CreateOrdersTableAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = CreateOrders;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A new connection, not yet open.</summary>
    protected abstract DbConnection CreateConnection();
}
