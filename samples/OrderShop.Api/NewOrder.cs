namespace OrderShop.Api;

/// <summary>The body of <c>POST /orders</c>.</summary>
public sealed record NewOrder(string CustomerEmail, string Sku, int Quantity, decimal Total, string? Card = null);
