// Usage: Conveyor.Postgres.TestWorker --ConnectionString=... --Schema=... --Ledger=... [--Workers=8]
//        [--LeaseDuration=00:00:02] [--RescueInterval=00:00:00.5] [--LeadershipTtl=00:00:03] [--HoldAfterWrite=00:00:00]
// Works the "default" queue of the PostgreSQL store (ledger_job and effect_job) until SIGTERM or until standard input closes.
using Conveyor;
using Conveyor.Postgres.TestWorker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddCommandLine(args);
var settings = builder.Configuration.Get<WorkerSettings>() ?? new WorkerSettings();
try
{
    settings.Validate();
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(_ => new Ledger(settings.Ledger));
builder.Services.AddConveyor(c => c
    .UsePostgres(settings.ConnectionString, o => o.Schema = settings.Schema)
    // Retries of rescued jobs come back fast, so the tests' waits stay short.
    .AddHandler<LedgerJobHandler>(o => o.Retry = o.Retry with { BaseDelay = TimeSpan.FromMilliseconds(100) })
    .AddHandler<EffectJobHandler>(o =>
    {
        o.Retry = o.Retry with { BaseDelay = TimeSpan.FromMilliseconds(100) };
        o.CompleteInTransaction = true;
    })
    .Queue("default", settings.Workers)
    .Configure(o =>
    {
        o.LeaseDuration = settings.LeaseDuration;
        o.RescueInterval = settings.RescueInterval;
        o.LeadershipTtl = settings.LeadershipTtl;
        o.PromoteInterval = TimeSpan.FromMilliseconds(100);
        o.PollInterval = TimeSpan.FromMilliseconds(100);
        o.ShutdownTimeout = TimeSpan.FromSeconds(5);
    }));

using var host = builder.Build();
// The parent stops this worker by closing standard input (SIGTERM works too, through the console lifetime).
await host.RunUntilStdinClosesAsync();
return 0;
