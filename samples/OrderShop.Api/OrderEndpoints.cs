using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderShop.Api;

/// <summary><c>POST /orders</c> and <c>GET /orders/{id}</c>.</summary>
public static class OrderEndpoints
{
    /// <summary>Maps the order endpoints.</summary>
    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", PlaceAsync);
        app.MapGet("/orders/{id:long}", GetAsync);
    }

    private static async Task<Results<Created<PlacedOrder>, ValidationProblem>> PlaceAsync(
        NewOrder order, ShopDatabase database, OrderPlacement placement, CancellationToken ct)
    {
        if (Validate(order) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var placed = await placement.PlaceAsync(transaction, order, ct);
        // The order and its jobs become visible together, here, or (on any exception above) not at all.
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/orders/{placed.Id}", placed);
    }

    private static async Task<Results<Ok<Services.Order>, NotFound>> GetAsync(long id, ShopOrders orders, CancellationToken ct) =>
        await orders.FindAsync(id, ct) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    private static Dictionary<string, string[]> Validate(NewOrder order)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(order.CustomerEmail) || !order.CustomerEmail.Contains('@', StringComparison.Ordinal))
        {
            errors["customerEmail"] = ["An email address is required."];
        }

        if (string.IsNullOrWhiteSpace(order.Sku))
        {
            errors["sku"] = ["A SKU is required."];
        }

        if (order.Quantity < 1)
        {
            errors["quantity"] = ["Order at least one item."];
        }

        if (order.Total < 0)
        {
            errors["total"] = ["The total cannot be negative."];
        }

        return errors;
    }
}
