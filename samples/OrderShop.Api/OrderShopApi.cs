using System.Net;
using Conveyor;
using OrderShop.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OrderShop.Api;

/// <summary>Builds the order shop's web app: the order endpoints, the job store and the workers, all on one SQLite file.</summary>
public static class OrderShopApi
{
    /// <summary>The app, configured from <paramref name="args"/> (<c>--Database PATH</c>, <c>--Port N</c>) and the environment.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var database = Path.GetFullPath(builder.Configuration["Database"] ?? "ordershop.db");
        var port = builder.Configuration.GetValue("Port", 5080);

        // Loopback only, whatever URLs the environment names: this sample has no authentication.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(new ShopDatabase(database));
        builder.Services.AddSingleton<SqliteOrders>();
        builder.Services.AddSingleton<IOrders>(sp => sp.GetRequiredService<SqliteOrders>());
        builder.Services.AddSingleton<OrderPlacement>();
        builder.Services.AddConveyor(c => c.UseSqlite(database).AddOrderShop());

        var app = builder.Build();
        app.Services.GetRequiredService<ShopDatabase>().CreateOrdersTable();
        app.MapOrderEndpoints();
        return app;
    }

    /// <summary>The address a started app listens on, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public static Uri Address(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
