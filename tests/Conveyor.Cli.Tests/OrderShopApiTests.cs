using System.Net;
using System.Net.Http.Json;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using OrderShop.Api;

namespace Conveyor.Cli.Tests;

public sealed class OrderShopApiTests
{
    [Theory]
    [EverySqlStore]
    public async Task PostOrders_CompletesEveryFanOutJob_WhenTheOrderIsPlaced(string kind)
    {
        await using var shop = await ShopApp.StartAsync(kind);
        using var http = new HttpClient { BaseAddress = shop.App.Address() };

        var response = await http.PostAsJsonAsync("/orders", new NewOrder("ada@example.com", "mug", 2, 24.50m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var placed = (await response.Content.ReadFromJsonAsync<PlacedOrder>())!;
        Assert.Equal(6, placed.JobIds.Count);
        var admin = shop.App.Services.GetRequiredService<IJobAdminStore>();
        var kinds = new List<string>();
        foreach (var id in placed.JobIds)
        {
            kinds.Add((await Jobs.WaitForStateAsync(admin, id, JobState.Completed)).Kind);
        }

        Assert.Equal(
            ["order_placed:confirmation", "order_placed:warehouse", "order_placed:inventory", "order_placed:analytics", "charge_payment", "send_receipt"],
            kinds);
        var order = await http.GetFromJsonAsync<OrderShop.Services.Order>($"/orders/{placed.Id}");
        Assert.Equal("ada@example.com", order!.CustomerEmail);
        Assert.Equal(24.50m, order.Total);
    }

    [Theory]
    [EverySqlStore]
    public async Task GetOrders_ReturnsNotFound_WhenTheOrderDoesNotExist(string kind)
    {
        await using var shop = await ShopApp.StartAsync(kind);
        using var http = new HttpClient { BaseAddress = shop.App.Address() };

        var response = await http.GetAsync(new Uri("/orders/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(IPAddress.Loopback.ToString(), shop.App.Address().Host);
    }

    [Theory]
    [EverySqlStore]
    public async Task PlaceAsync_LeavesNoOrderAndNoJobs_WhenTheTransactionRollsBack(string kind)
    {
        await using var shop = await ShopApp.StartAsync(kind);
        var services = shop.App.Services;

        PlacedOrder placed;
        await using (var connection = await services.GetRequiredService<ShopDatabase>().OpenAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            placed = await services.GetRequiredService<OrderPlacement>().PlaceAsync(transaction, new NewOrder("bob@example.com", "hoodie", 1, 40m), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        var admin = services.GetRequiredService<IJobAdminStore>();
        Assert.Equal(6, placed.JobIds.Count);
        Assert.Empty((await admin.ListJobsAsync(new ListJobsRequest(), CancellationToken.None)).Jobs);
        Assert.Empty((await services.GetRequiredService<IBatchStore>().ListBatchesAsync(new ListBatchesRequest(), CancellationToken.None)).Batches);
        Assert.Null(await services.GetRequiredService<ShopOrders>().FindAsync(placed.Id, CancellationToken.None));
    }
}
