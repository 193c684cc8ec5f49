using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrderShop;
using OrderShop.Jobs;
using OrderShop.Services;

namespace Conveyor.Cli.Tests;

/// <summary>Puts jobs into a real store the way an application would, and waits for their outcome.</summary>
internal static class Jobs
{
    /// <summary>Runs a declined payment through the order shop's workers until it is dead-lettered; returns its id.</summary>
    public static async Task<long> DiscardedPaymentAsync(string store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddConveyor(c => StoreSpec.Parse(store).Apply(c).AddOrderShop());
        using var host = builder.Build();
        await host.StartAsync();
        var id = await host.Services.GetRequiredService<IJobClient>().EnqueueAsync(new ChargePayment(7, FakePaymentGateway.DeclinedCard));
        await WaitForStateAsync(host.Services.GetRequiredService<IJobAdminStore>(), id, JobState.Discarded);
        await host.StopAsync();
        return id;
    }

    /// <summary>Enqueues a <see cref="SyncAccount"/> job, of a type that runs in order per account, with a host that registers it; returns its id.</summary>
    public static async Task<long> OrderedJobAsync(string store, string account)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddConveyor(c => StoreSpec.Parse(store).Apply(c).AddHandler<SyncAccountHandler>(o => o.RunInOrder<SyncAccount>(job => job.AccountId)));
        using var host = builder.Build();
        await host.StartAsync();
        var id = await host.Services.GetRequiredService<IJobClient>().EnqueueAsync(new SyncAccount(account));
        await host.StopAsync();
        return id;
    }

    /// <summary>Records a finished run of a schedule through the store's own API, as a worker would.</summary>
    public static async Task RecordScheduleRunAsync(string store, RecordScheduleRunRequest run)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddConveyor(c => StoreSpec.Parse(store).Apply(c));
        using var host = builder.Build();
        Assert.True(await host.Services.GetRequiredService<IScheduleStore>().RecordScheduleRunAsync(run, CancellationToken.None));
    }

    /// <summary>Polls until the job is in <paramref name="state"/>; fails the test after 20 seconds.</summary>
    public static async Task<JobRecord> WaitForStateAsync(IJobAdminStore admin, long id, JobState state)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var job = await admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
            if (job?.State == state)
            {
                return job;
            }

            if (TimeProvider.System.GetElapsedTime(deadline) > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"Job {id} is {job?.State.ToString() ?? "missing"} after 20 s, expected {state}.");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>A job of a type that runs in order per account.</summary>
internal sealed record SyncAccount(string AccountId) : IJobArgs
{
    public static string Kind => "sync_account";
}

/// <summary>Runs <see cref="SyncAccount"/>: does nothing.</summary>
internal sealed class SyncAccountHandler : IJobHandler<SyncAccount>
{
    public Task HandleAsync(SyncAccount args, JobContext context, CancellationToken ct) => Task.CompletedTask;
}
