namespace OrderShop.Api;

/// <summary>The answer to <c>POST /orders</c>: the order's id and the ids of the jobs that committed with it.</summary>
public sealed record PlacedOrder(long Id, IReadOnlyList<long> JobIds);
