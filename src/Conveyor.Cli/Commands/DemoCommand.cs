using System.CommandLine;
using System.Globalization;
using Conveyor.Cli.Demo;
using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderShop;
using OrderShop.Jobs;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor demo</c>: the order shop (workers and simulated customers) on the store, with live progress and the web
/// dashboard (on 127.0.0.1:5000, or a free port when that one is taken), until Ctrl-C or <c>--duration</c>; then a
/// graceful stop and a summary. The database stays, so a second run continues.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultPlainDuration = TimeSpan.FromSeconds(30);

    public static Command Create(CliContext cli, Option<string> store)
    {
        var duration = new Option<string?>("--duration") { Description = "How long to run, e.g. 30s or 5m (default: until Ctrl-C on a terminal, 30s otherwise)." };
        var rate = new Option<double>("--rate") { Description = "Orders per second (default 5; each order enqueues about six jobs).", DefaultValueFactory = _ => 5 };
        var dashboard = new Option<string>("--dashboard") { Description = "Where the dashboard listens (loopback only; a free port when this one is taken).", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Run without the dashboard." };
        var command = new Command("demo", "Run the order shop with live progress and the web dashboard; leaves its database (conveyor.db by default) for a second run.") { duration, rate, dashboard, noDashboard };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            var limit = result.GetValue(duration) is { } text ? DurationParser.Parse(text, "--duration") : cli.Interactive ? (TimeSpan?)null : DefaultPlainDuration;
            var ordersPerSecond = result.GetValue(rate);
            if (ordersPerSecond is <= 0 or > 10_000 || double.IsNaN(ordersPerSecond))
            {
                throw new CliException($"--rate: {ordersPerSecond.ToString(CultureInfo.InvariantCulture)} is not between 0 and 10000 orders per second.");
            }

            var dashboardUrl = result.GetValue(noDashboard) ? null : DemoDashboard.FreeUrl(DashboardUrls.Parse(result.GetRequiredValue(dashboard), authenticated: false, "--dashboard").Single());
            using var host = BuildHost(spec, ordersPerSecond, dashboardUrl);
            await host.StartAsync(ct);
            if (host is WebApplication web)
            {
                cli.Out.MarkupLine($"dashboard at [bold link]{Markup.Escape(web.Urls.First())}[/]");
            }

            await RunAsync(cli, host, spec, limit, ct);
            return 0;
        });
        return command;
    }

    /// <summary>The order shop's host; with a dashboard URL, a web host that also serves the dashboard there.</summary>
    private static IHost BuildHost(StoreSpec spec, double ordersPerSecond, string? dashboardUrl)
    {
        if (dashboardUrl is null)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            AddOrderShop(builder.Services, spec, ordersPerSecond);
            return builder.Build();
        }

        var web = WebApplication.CreateSlimBuilder();
        // No log output: the live table owns the terminal. What the jobs do shows in the table, the dashboard and `conveyor jobs`.
        web.Logging.ClearProviders();
        web.WebHost.UseUrls(dashboardUrl);
        AddOrderShop(web.Services, spec, ordersPerSecond);
        web.Services.AddConveyorDashboard();
        var app = web.Build();
        app.MapConveyorDashboard("/");
        return app;
    }

    private static void AddOrderShop(IServiceCollection services, StoreSpec spec, double ordersPerSecond)
    {
        services.AddSingleton<RetryCounter>();
        services.AddConveyor(c => spec.Apply(c)
            .AddOrderShop()
            .Recurring("sales-report", "*/10 * * * * *", new GenerateSalesReport("last-10s"))
            .AddMiddleware<RetryCounter.Middleware>());
        services.AddOrderShopSimulator(new OrderShopSimulatorOptions { OrdersPerSecond = ordersPerSecond });
    }

    private static async Task RunAsync(CliContext cli, IHost host, StoreSpec spec, TimeSpan? limit, CancellationToken ct)
    {
        var services = host.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var monitor = new DemoMonitor(
            services.GetRequiredService<IJobAdminStore>(),
            services.GetRequiredService<JobHost>(),
            services.GetRequiredService<RetryCounter>(),
            services.GetRequiredService<OrderShopSimulator>(),
            time);
        using var deadline = new CancellationTokenSource(limit ?? Timeout.InfiniteTimeSpan, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        // The opening sample is the baseline for this run's totals and the first rate.
        var opening = await monitor.SampleAsync(CancellationToken.None);
        DemoSample? last = null;
        if (cli.Interactive)
        {
            await cli.Out.Live(DemoView.Table(opening, spec.ToString())).StartAsync(async live =>
                last = await SampleUntilStoppedAsync(host, monitor, LiveRefresh, time, sample =>
                {
                    live.UpdateTarget(DemoView.Table(sample, spec.ToString()));
                    live.Refresh();
                }, stop.Token));
        }
        else
        {
            last = await SampleUntilStoppedAsync(host, monitor, PlainRefresh, time, sample => cli.OutWriter.WriteLine(DemoView.Line(sample)), stop.Token);
        }

        var (first, latest) = (monitor.First!, monitor.Latest!);
        DemoView.Summary(
            cli.Out,
            last!,
            Math.Max(0, latest.Totals[JobState.Completed] - first.Totals[JobState.Completed]),
            Math.Max(0, latest.Totals[JobState.Discarded] - first.Totals[JobState.Discarded]),
            spec);
    }

    private static async Task<DemoSample> SampleUntilStoppedAsync(
        IHost host, DemoMonitor monitor, TimeSpan interval, TimeProvider time, Action<DemoSample> show, CancellationToken stop)
    {
        await EverySampleAsync(monitor, interval, time, show, stop);

        // Graceful: the simulator stops first, then the job host lets running jobs finish (or releases them).
        await host.StopAsync(CancellationToken.None);
        var last = await monitor.SampleAsync(CancellationToken.None);
        show(last);
        return last;
    }

    private static async Task EverySampleAsync(DemoMonitor monitor, TimeSpan interval, TimeProvider time, Action<DemoSample> show, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            show(await monitor.SampleAsync(CancellationToken.None));
        }
    }
}
