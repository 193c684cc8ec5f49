using Microsoft.Data.Sqlite;

namespace OrderShop.Api;

/// <summary>The shop's SQLite file, shared with the job store so an order and its jobs can commit in one transaction.</summary>
public sealed class ShopDatabase(string path)
{
    private const string CreateOrders = """
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

    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>A new, open connection to the file.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Creates the <c>orders</c> table unless it exists.</summary>
    public void CreateOrdersTable()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = CreateOrders;
        command.ExecuteNonQuery();
    }
}
