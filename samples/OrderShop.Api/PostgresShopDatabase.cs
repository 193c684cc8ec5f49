using System.Data.Common;
using Conveyor;
using Npgsql;

namespace OrderShop.Api;

/// <summary>
/// One PostgreSQL database: the <c>orders</c> table in the connection's search path (normally <c>public</c>), the
/// jobs in their own schema (<paramref name="jobsSchema"/>, or the store's default <c>conveyor</c> when null).
/// </summary>
public sealed class PostgresShopDatabase(string connectionString, string? jobsSchema) : ShopDatabase
{
    /// <inheritdoc />
    protected override string CreateOrders => """
        CREATE TABLE IF NOT EXISTS orders (
            id             bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            customer_email text          NOT NULL,
            sku            text          NOT NULL,
            quantity       integer       NOT NULL,
            total          numeric(12,2) NOT NULL,
            card           text          NOT NULL,
            created_at     timestamptz   NOT NULL
        );
        """;

    /// <inheritdoc />
    public override ConveyorBuilder UseForJobs(ConveyorBuilder c) =>
        c.UsePostgres(connectionString, o => o.Schema = jobsSchema ?? o.Schema);

    /// <inheritdoc />
    protected override DbConnection CreateConnection() => new NpgsqlConnection(connectionString);
}
