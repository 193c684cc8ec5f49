using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Chaos.Tests.SlowStore;

/// <summary>
/// Passes every call to the host's own store unchanged and notes in <see cref="StoreCalls"/> what the producers, the
/// lease keeper, the rescuer, the completion batcher and the leader election asked and heard back.
/// </summary>
public sealed class ObservedJobStore(IJobStore inner, StoreCalls calls, TimeProvider time) : IJobStore
{
    public StoreCapabilities Capabilities => inner.Capabilities;

    /// <summary>Wraps the <see cref="IJobStore"/> registered last (by <c>UsePostgres</c>, <c>UseRedis</c>…) in an observer.</summary>
    public static void Observe(IServiceCollection services, StoreCalls calls)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IJobStore));
        var factory = registered.ImplementationFactory ?? throw new InvalidOperationException("The store is expected to be registered by a factory.");
        services.Remove(registered);
        services.AddSingleton<IJobStore>(sp => new ObservedJobStore((IJobStore)factory(sp), calls, sp.GetRequiredService<TimeProvider>()));
    }

    public async ValueTask<CompleteJobsResult> CompleteAsync(CompleteJobsRequest request, CancellationToken ct)
    {
        var result = await inner.CompleteAsync(request, ct);
        calls.Stale(result.Stale.Count);
        return result;
    }

    public ValueTask<DeleteFinalizedResult> DeleteFinalizedAsync(DeleteFinalizedRequest request, CancellationToken ct) => inner.DeleteFinalizedAsync(request, ct);

    public async ValueTask<ExtendLeasesResult> ExtendLeasesAsync(ExtendLeasesRequest request, CancellationToken ct)
    {
        var sent = time.GetTimestamp();
        try
        {
            var result = await inner.ExtendLeasesAsync(request, ct);
            var answered = time.GetTimestamp();
            var renewed = request.Leases.Select(l => l.JobId).Except(result.Lost).ToList();
            calls.Renewed(new RenewalCall(sent, answered, time.GetElapsedTime(sent, answered), renewed), result.Lost);
            return result;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            calls.RenewalFailed();
            throw;
        }
    }

    public async ValueTask<FetchJobsResult> FetchAsync(FetchJobsRequest request, CancellationToken ct)
    {
        var result = await inner.FetchAsync(request, ct);
        calls.Fetched(result.Jobs.Select(j => j.Id), time.GetTimestamp());
        return result;
    }

    public async ValueTask<GetExpiredLeasesResult> GetExpiredLeasesAsync(GetExpiredLeasesRequest request, CancellationToken ct)
    {
        var result = await inner.GetExpiredLeasesAsync(request, ct);
        calls.ExpiredLeases(result.Jobs.Count);
        return result;
    }

    public ValueTask<InsertJobsResult> InsertAsync(InsertJobsRequest request, CancellationToken ct) => inner.InsertAsync(request, ct);

    public ValueTask<PromoteDueResult> PromoteDueAsync(PromoteDueRequest request, CancellationToken ct) => inner.PromoteDueAsync(request, ct);

    public ValueTask<bool> ReportProgressAsync(ReportProgressRequest request, CancellationToken ct) => inner.ReportProgressAsync(request, ct);

    public ValueTask RecordHeartbeatAsync(NodeHeartbeatRequest request, CancellationToken ct) => inner.RecordHeartbeatAsync(request, ct);

    public ValueTask ReleaseLeadershipAsync(ReleaseLeadershipRequest request, CancellationToken ct) => inner.ReleaseLeadershipAsync(request, ct);

    public async ValueTask<LeadershipResult> TryAcquireLeadershipAsync(LeadershipRequest request, CancellationToken ct)
    {
        var result = await inner.TryAcquireLeadershipAsync(request, ct);
        if (result.IsLeader)
        {
            calls.Leads(request.Owner);
        }

        return result;
    }
}
