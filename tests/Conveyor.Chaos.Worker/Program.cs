// Usage: Conveyor.Chaos.Worker --Store Sqlite|Postgres|Redis --Connection ... [--Namespace schema-or-prefix] --Ledger ...
//        --Effects effects.db [--Queues default] [--Workers 8] [--LeaseDuration 00:00:02] [--RescueInterval 00:00:00.5]
//        [--LeadershipTtl 00:00:03] [--Retention 00:00:05] [--PruneInterval 00:00:01] [--Recurring "name|cron"] [--RateLimit 50]
// Works the fault suite's jobs (chaos_work, chaos_crash) on its queues until SIGTERM or until standard input closes,
// writing an exec/effect/done ledger of every execution.
using Conveyor;
using Conveyor.Chaos.Worker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

if (TestWorkerHost.CreateBuilder(args, out ChaosWorkerSettings settings) is not { } builder)
{
    return 2;
}

builder.Services.AddSingleton(_ => new EventLedger(settings.Ledger));
builder.Services.AddSingleton(_ => new SideEffects(settings.Effects));
builder.Services.AddConveyor(c =>
{
    StoreSelection.Apply(c, settings)
        .AddHandler<WorkJobHandler>(TestWorkerSettings.RetryFast)
        .AddHandler<CrashJobHandler>(TestWorkerSettings.RetryFast)
        .Configure(settings.ApplyTo)
        .Configure(settings.ApplyRetention);
    settings.ApplyRecurring(c);
    settings.ApplyFlowControl(c);
    foreach (var queue in settings.QueueNames)
    {
        c.Queue(queue, settings.Workers);
    }
});

using var host = builder.Build();
// The parent stops this worker by closing standard input (SIGTERM works too, through the console lifetime).
await host.RunUntilStdinClosesAsync();
return 0;
