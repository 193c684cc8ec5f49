// Usage: Conveyor.Redis.TestWorker --Configuration 127.0.0.1:6379 --Prefix ... --Ledger ... [--Queues default] [--Workers 8]
//        [--LeaseDuration 00:00:02] [--RescueInterval 00:00:00.5] [--LeadershipTtl 00:00:03] [--RequireDurability false]
// Each setting may come from CONVEYOR_REDIS_WORKER_<Name> instead; the configuration defaults to CONVEYOR_TEST_REDIS.
// Works its queues of the Redis store (ledger_job) until SIGTERM or until standard input closes.
using Conveyor;
using Conveyor.Redis.TestWorker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

if (TestWorkerHost.CreateBuilder(args, out WorkerSettings settings, environmentPrefix: "CONVEYOR_REDIS_WORKER_") is not { } builder)
{
    return 2;
}

builder.Services.AddConveyor(c =>
{
    c.UseRedis(settings.Configuration, o =>
        {
            o.Prefix = settings.Prefix;
            o.RequireDurability = settings.RequireDurability;
        })
        .AddHandler<LedgerJobHandler>(TestWorkerSettings.RetryFast)
        .Configure(settings.ApplyTo);
    foreach (var queue in settings.QueueNames)
    {
        c.Queue(queue, settings.Workers);
    }
});

using var host = builder.Build();
// The parent stops this worker by closing standard input (SIGTERM works too, through the console lifetime).
await host.RunUntilStdinClosesAsync();
return 0;
