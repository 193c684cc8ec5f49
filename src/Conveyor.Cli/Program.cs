using System.Runtime.InteropServices;
using Conveyor.Cli;

// Ctrl-C and SIGTERM stop long-running commands gracefully: running jobs finish or are released, never lost.
// A second Ctrl-C ends the process at once.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await ConveyorCli.InvokeAsync(args, CliContext.ForConsole(), stop.Token);
