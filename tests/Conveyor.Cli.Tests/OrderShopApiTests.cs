using System.Net;
using System.Net.Http.Json;
using Conveyor.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrderShop.Api;

namespace Conveyor.Cli.Tests;

public sealed class OrderShopApiTests
{
    [Fact]
    public async Task PostOrders_CompletesEveryFanOutJob_WhenTheOrderIsPlaced()
    {
        using var db = new TempDatabase();
        await using var app = OrderShopApi.Build(["--Database", db.Path, "--Port", "0"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };

        var response = await http.PostAsJsonAsync("/orders", new NewOrder("ada@example.com", "mug", 2, 24.50m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var placed = (await response.Content.ReadFromJsonAsync<PlacedOrder>())!;
        Assert.Equal(5, placed.JobIds.Count);
        var admin = app.Services.GetRequiredService<IJobAdminStore>();
        var kinds = new List<string>();
        foreach (var id in placed.JobIds)
        {
            kinds.Add((await Jobs.WaitForStateAsync(admin, id, JobState.Completed)).Kind);
        }

        Assert.Equal(
            ["order_placed:confirmation", "order_placed:warehouse", "order_placed:inventory", "order_placed:analytics", "charge_payment"],
            kinds);
        var order = await http.GetFromJsonAsync<OrderShop.Services.Order>($"/orders/{placed.Id}");
        Assert.Equal("ada@example.com", order!.CustomerEmail);
        await app.StopAsync();
    }

    [Fact]
    public async Task GetOrders_ReturnsNotFound_WhenTheOrderDoesNotExist()
    {
        using var db = new TempDatabase();
        await using var app = OrderShopApi.Build(["--Database", db.Path, "--Port", "0"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };

        var response = await http.GetAsync(new Uri("/orders/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(IPAddress.Loopback.ToString(), app.Address().Host);
        await app.StopAsync();
    }

    [Fact]
    public async Task PlaceAsync_LeavesNoOrderAndNoJobs_WhenTheTransactionRollsBack()
    {
        using var db = new TempDatabase();
        await using var app = OrderShopApi.Build(["--Database", db.Path, "--Port", "0"]);
        await app.StartAsync();
        var database = app.Services.GetRequiredService<ShopDatabase>();

        PlacedOrder placed;
        await using (var connection = database.Open())
        await using (var transaction = connection.BeginTransaction())
        {
            placed = await app.Services.GetRequiredService<OrderPlacement>().PlaceAsync(transaction, new NewOrder("bob@example.com", "hoodie", 1, 40m), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        var admin = app.Services.GetRequiredService<IJobAdminStore>();
        Assert.Equal(5, placed.JobIds.Count);
        Assert.Empty((await admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
        Assert.Null(await app.Services.GetRequiredService<SqliteOrders>().FindAsync(placed.Id, CancellationToken.None));
        await app.StopAsync();
    }
}
