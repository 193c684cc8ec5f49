using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Subscriber <c>analytics</c> of <see cref="OrderPlaced"/>: records the sale (queue <c>low</c>).</summary>
public sealed class TrackAnalyticsHandler(IAnalytics analytics) : IJobHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced args, JobContext context, CancellationToken ct) =>
        analytics.TrackAsync("order_placed", args.OrderId, ct);
}
