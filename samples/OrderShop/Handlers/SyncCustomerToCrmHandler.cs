using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Upserts the customer in the CRM; an upsert is idempotent, so a repeated delivery is harmless.</summary>
public sealed class SyncCustomerToCrmHandler(ICrm crm) : IJobHandler<SyncCustomerToCrm>
{
    public Task HandleAsync(SyncCustomerToCrm args, JobContext context, CancellationToken ct) =>
        crm.UpsertCustomerAsync(args.Email, ct);
}
