using System.CommandLine;
using Conveyor.Diagnostics;
using Conveyor.HealthChecks;
using Conveyor.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderShop;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor worker</c>: works queues until Ctrl-C or SIGTERM, then stops gracefully.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var queues = new Option<string>("--queues") { Description = "Queues and their concurrent jobs.", DefaultValueFactory = _ => "high=4,default=2,low=1" };
        var assembly = new Option<string?>("--assembly") { Description = "A .dll whose public IJobHandler<T> classes to run (default: the order shop's handlers)." };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics and health at /health (loopback only), e.g. 127.0.0.1:9464." };
        var command = new Command("worker", "Work queues until Ctrl-C or SIGTERM; running jobs finish or are released on the way out.") { queues, assembly, metrics };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            var queueList = QueueSpecParser.Parse(result.GetRequiredValue(queues));
            var metricsAt = result.GetValue(metrics) is { } address ? WorkerEndpoint.Parse(address) : null;
            var handlers = result.GetValue(assembly) is { } path ? HandlerDiscovery.FindHandlers(HandlerDiscovery.Load(path)) : null;
            if (handlers is { Count: 0 })
            {
                throw new CliException($"--assembly: {result.GetValue(assembly)} has no public class implementing IJobHandler<T>.");
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.AddConveyor(c =>
            {
                spec.Apply(c);
                if (handlers is null)
                {
                    c.AddOrderShop();
                }
                else
                {
                    HandlerDiscovery.Register(c, handlers);
                }

                // --queues is the whole list: it replaces whatever the registrations added.
                c.Configure(o =>
                {
                    o.Queues.Clear();
                    foreach (var (queue, workers) in queueList)
                    {
                        o.Queues[queue] = workers;
                    }
                });
            });
            if (metricsAt is not null)
            {
                builder.Services.AddHealthChecks().AddConveyor();
                builder.Services.AddHostedService(sp => new WorkerEndpoint(metricsAt, sp.GetRequiredService<ConveyorMetrics>(), sp.GetRequiredService<HealthCheckService>()));
            }

            using var host = builder.Build();
            await host.StartAsync(ct);
            var node = host.Services.GetRequiredService<JobHost>().NodeId;
            cli.Out.MarkupLine($"worker [bold]{Markup.Escape(node)}[/] on {Markup.Escape(spec.ToString())}: {Markup.Escape(string.Join(", ", queueList.Select(q => $"{q.Key}={q.Value}")))}; Ctrl-C to stop");
            if (metricsAt is not null)
            {
                cli.Out.MarkupLine($"metrics at {Markup.Escape($"http://{metricsAt}/metrics")}, health at {Markup.Escape($"http://{metricsAt}/health")}");
            }
            await HostRun.UntilStoppedAsync(host, ct);
            cli.Out.MarkupLine("worker stopped");
            return 0;
        });
        return command;
    }
}
