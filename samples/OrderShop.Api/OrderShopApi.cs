using System.Net;
using Conveyor;
using OrderShop.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrderShop.Api;

/// <summary>
/// Builds the order shop's web app: the order endpoints, the job store and the workers, all on one database — a
/// SQLite file, or PostgreSQL when <c>Postgres</c> is configured.
/// </summary>
public static class OrderShopApi
{
    /// <summary>
    /// The app, configured from <paramref name="args"/> and the environment: <c>--Database PATH</c> (SQLite, default
    /// <c>ordershop.db</c>) or <c>--Postgres CONNSTR</c> with optional <c>--JobsSchema NAME</c> (default <c>conveyor</c>),
    /// and <c>--Port N</c>. The orders table is created if missing; the job store migrates when the app starts.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var database = Database(builder.Configuration);
        var port = builder.Configuration.GetValue("Port", 5080);

        // Loopback only, whatever URLs the environment names: this sample has no authentication.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<ShopOrders>();
        builder.Services.AddSingleton<IOrders>(sp => sp.GetRequiredService<ShopOrders>());
        builder.Services.AddSingleton<OrderPlacement>();
        builder.Services.AddConveyor(c => database.UseForJobs(c).AddOrderShop());

        var app = builder.Build();
        await database.CreateOrdersTableAsync(ct);
        app.MapOrderEndpoints();
        return app;
    }

    /// <summary>The address a started app listens on, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public static Uri Address(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static ShopDatabase Database(IConfiguration configuration) =>
        configuration["Postgres"] is { Length: > 0 } connectionString
            ? new PostgresShopDatabase(connectionString, configuration["JobsSchema"])
            : new SqliteShopDatabase(Path.GetFullPath(configuration["Database"] ?? "ordershop.db"));
}
