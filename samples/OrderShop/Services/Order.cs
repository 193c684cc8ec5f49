namespace OrderShop.Services;

/// <summary>An order as the shop stores it.</summary>
public sealed record Order(long Id, string CustomerEmail, string Sku, int Quantity, decimal Total);
