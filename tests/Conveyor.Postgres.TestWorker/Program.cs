// Usage: Conveyor.Postgres.TestWorker --ConnectionString=... --Schema=... --Ledger=... [--Workers=8]
//        [--LeaseDuration=00:00:02] [--RescueInterval=00:00:00.5] [--LeadershipTtl=00:00:03] [--HoldAfterWrite=00:00:00]
// Works the "default" queue of the PostgreSQL store (ledger_job and effect_job) until SIGTERM or until standard input closes.
using Conveyor;
using Conveyor.Postgres.TestWorker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;

if (TestWorkerHost.CreateBuilder(args, out WorkerSettings settings) is not { } builder)
{
    return 2;
}

builder.Services.AddConveyor(c => c
    .UsePostgres(settings.ConnectionString, o => o.Schema = settings.Schema)
    .AddHandler<LedgerJobHandler>(TestWorkerSettings.RetryFast)
    .AddHandler<EffectJobHandler>(o =>
    {
        TestWorkerSettings.RetryFast(o);
        o.CompleteInTransaction = true;
    })
    .Queue("default", settings.Workers)
    .Configure(settings.ApplyTo));

using var host = builder.Build();
// The parent stops this worker by closing standard input (SIGTERM works too, through the console lifetime).
await host.RunUntilStdinClosesAsync();
return 0;
