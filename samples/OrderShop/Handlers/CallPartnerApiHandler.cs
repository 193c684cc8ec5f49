using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>
/// Reports the order to the flaky partner. Its <see cref="HttpRequestException"/>s fail the attempt and the job is
/// retried with backoff (registered with a short base delay so the retries are visible in the demo).
/// </summary>
public sealed class CallPartnerApiHandler(IPartnerApi partner) : IJobHandler<CallPartnerApi>
{
    public Task HandleAsync(CallPartnerApi args, JobContext context, CancellationToken ct) =>
        partner.ReportOrderAsync(args.OrderId, context.Attempt, ct);
}
