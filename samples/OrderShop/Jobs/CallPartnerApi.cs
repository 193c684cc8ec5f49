using Conveyor;

namespace OrderShop.Jobs;

/// <summary>Tells a third-party partner about an order. The partner is flaky: the first attempts fail and are retried.</summary>
public sealed record CallPartnerApi(long OrderId) : IJobArgs
{
    public static string Kind => "call_partner_api";
}
