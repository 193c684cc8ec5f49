using Conveyor;

namespace OrderShop.Jobs;

/// <summary>Pushes a customer's latest data to the CRM. Enqueued with a unique key per customer, so bursts collapse.</summary>
public sealed record SyncCustomerToCrm(string Email) : IJobArgs
{
    public static string Kind => "sync_customer_to_crm";
}
