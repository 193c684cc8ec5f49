// Usage: Conveyor.Chaos.Producer --Store Sqlite|Postgres|Redis --Connection ... [--Namespace schema-or-prefix] --Ledger calls.txt
//        [--Calls 0] [--Batch 1] [--Ms 0] [--PauseMs 0]
// Enqueues chaos_work jobs through IJobClient (working no queue, leading no maintenance), recording every call in its
// call record, until it has made --Calls calls (0: no end); then waits. Stops when standard input closes or on SIGTERM.
using Conveyor;
using Conveyor.Chaos.Producer;
using Conveyor.Chaos.Worker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

if (TestWorkerHost.CreateBuilder(args, out ChaosProducerSettings settings) is not { } builder)
{
    return 2;
}

builder.Services.AddSingleton(sp => new CallRecord(settings.Ledger, sp.GetRequiredService<TimeProvider>()));
builder.Services.AddConveyor(c => StoreSelection.Apply(c, settings.Store, settings.Connection, settings.Namespace)
    .Configure(o => o.RunMaintenance = false));
builder.Services.AddHostedService<EnqueueLoop>();

using var host = builder.Build();
await host.RunUntilStdinClosesAsync();
return 0;
