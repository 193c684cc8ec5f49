using System.Data.Common;
using Conveyor;
using Microsoft.Data.Sqlite;

namespace OrderShop.Api;

/// <summary>One SQLite file for the orders and the jobs.</summary>
public sealed class SqliteShopDatabase(string path) : ShopDatabase
{
    /// <inheritdoc />
    protected override string CreateOrders => """
        CREATE TABLE IF NOT EXISTS orders (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            customer_email TEXT    NOT NULL,
            sku            TEXT    NOT NULL,
            quantity       INTEGER NOT NULL,
            total          TEXT    NOT NULL,
            card           TEXT    NOT NULL,
            created_at     TEXT    NOT NULL
        );
        """;

    /// <inheritdoc />
    public override ConveyorBuilder UseForJobs(ConveyorBuilder c) => c.UseSqlite(path);

    /// <inheritdoc />
    protected override DbConnection CreateConnection() =>
        new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
}
