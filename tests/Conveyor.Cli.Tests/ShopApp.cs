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
        try
        {
            var app = await OrderShopApi.BuildAsync([.. await ArgumentsAsync(database), "--Port", "0"]);
            await app.StartAsync();
            return new ShopApp(app, database);
        }
        catch
        {
            // A failed start must not leave its schema behind on the shared server.
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static async Task<string[]> ArgumentsAsync(ITestStore database)
    {
        switch (database)
        {
            case TempDatabase file:
                return ["--Database", file.Path];
            case PostgresSchema schema:
                // The orders table goes to the search path, the jobs to the store's schema: here both are the test's schema.
                await schema.CreateAsync();
                return ["--Postgres", schema.ConnectionString, "--JobsSchema", schema.Name];
            default:
                throw new ArgumentOutOfRangeException(nameof(database), database, "sqlite or postgres");
        }
    }
}
