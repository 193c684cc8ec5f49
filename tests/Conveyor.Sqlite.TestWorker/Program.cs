// Usage: Conveyor.Sqlite.TestWorker <database path> <ledger path>
// Works the "default" queue of the SQLite store with 8 workers until SIGTERM or until standard input closes.
using Conveyor;
using Conveyor.Sqlite.TestWorker;
using Conveyor.Testing.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Conveyor.Sqlite.TestWorker <database path> <ledger path>");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(_ => new Ledger(args[1]));
builder.Services.AddConveyor(c => c
    .UseSqlite(args[0])
    // Its own ledger job handler (a little work after the ledger line), not the shared one of Conveyor.Testing.Processes.
    // Retries of rescued jobs come back fast, so the test's wait stays short.
    .AddHandler<Conveyor.Sqlite.TestWorker.LedgerJobHandler>(o => o.Retry = o.Retry with { BaseDelay = TimeSpan.FromMilliseconds(100) })
    .Queue("default", 8)
    .Configure(o =>
    {
        o.LeaseDuration = TimeSpan.FromSeconds(2);
        o.RescueInterval = TimeSpan.FromMilliseconds(500);
        o.PromoteInterval = TimeSpan.FromMilliseconds(100);
        o.PollInterval = TimeSpan.FromMilliseconds(100);
        // A killed leader's maintenance (the rescuer) moves to a survivor within this.
        o.LeadershipTtl = TimeSpan.FromSeconds(3);
        o.ShutdownTimeout = TimeSpan.FromSeconds(5);
    }));

using var host = builder.Build();
// The parent stops this worker by closing standard input (SIGTERM works too, through the console lifetime).
await host.RunUntilStdinClosesAsync();
return 0;
