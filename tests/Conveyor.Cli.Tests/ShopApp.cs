using Microsoft.AspNetCore.Builder;
using OrderShop.Api;

namespace Conveyor.Cli.Tests;

/// <summary>The order shop's web API, started on a database of its own (a SQLite file or a PostgreSQL schema); disposing stops it and removes the database.</summary>
internal sealed class ShopApp : IAsyncDisposable
{
    private readonly ITestStore _database;

    private ShopApp(WebApplication app, ITestStore database) => (App, _database) = (app, database);

    public WebApplication App { get; }

    public static async Task<ShopApp> StartAsync(string kind)
    {
        var database = TestStores.Create(kind);
        string[] args = database switch
        {
            TempDatabase file => ["--Database", file.Path],
            // The orders table goes to the search path, the jobs to the store's schema: here both are the test's schema.
            PostgresSchema schema => ["--Postgres", schema.ConnectionString, "--JobsSchema", schema.Name],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sqlite or postgres"),
        };
        if (database is PostgresSchema created)
        {
            await created.CreateAsync();
        }

        var app = await OrderShopApi.BuildAsync([.. args, "--Port", "0"]);
        await app.StartAsync();
        return new ShopApp(app, database);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }
}
