using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Conveyor.Cli.Demo;

/// <summary>How the demo looks: a live table on a terminal, one plain line per second elsewhere, and the closing summary.</summary>
internal static class DemoView
{
    public static IRenderable Table(DemoSample sample, string store)
    {
        var table = new Table()
            .Title("[bold]Conveyor order shop[/]")
            .Caption($"[grey]{Seconds(sample.Elapsed)} · {N(sample.OrdersPlaced)} orders · {N(sample.JobsEnqueued)} jobs · {Markup.Escape(store)} · Ctrl-C stops[/]")
            .AddColumn("queue")
            .AddColumn(new TableColumn("depth").RightAligned())
            .AddColumn(new TableColumn("running").RightAligned())
            .AddColumn(new TableColumn("processed").RightAligned())
            .AddColumn(new TableColumn("retried").RightAligned())
            .AddColumn(new TableColumn("dead").RightAligned())
            .AddColumn(new TableColumn("jobs/s").RightAligned());
        foreach (var row in sample.Rows)
        {
            table.AddRow(Cells(Markup.Escape(row.Queue), row));
        }

        table.AddRow(Cells("[bold]all queues[/]", sample.Total));
        return table;
    }

    public static string Line(DemoSample sample)
    {
        var t = sample.Total;
        return $"[{Seconds(sample.Elapsed)}] orders {N(sample.OrdersPlaced)} · depth {N(t.Depth)} · running {N(t.Running)} · processed {N(t.Processed)} · retried {N(t.Retried)} · dead {N(t.Dead)} · {Rate(t.JobsPerSecond)} jobs/s";
    }

    public static void Summary(IAnsiConsole console, DemoSample last, long processedThisRun, long deadThisRun, StoreSpec store)
    {
        var average = last.Elapsed.TotalSeconds > 0 ? processedThisRun / last.Elapsed.TotalSeconds : 0;
        console.MarkupLine(
            $"[bold]Stopped after {Seconds(last.Elapsed)}.[/] Placed {N(last.OrdersPlaced)} orders and enqueued {N(last.JobsEnqueued)} jobs; " +
            $"processed {N(processedThisRun)} ({Rate(average)} jobs/s), ran {N(last.Total.Retried)} retries, dead-lettered {N(deadThisRun)}.");
        if (last.EnqueueFailures > 0)
        {
            console.MarkupLine($"[yellow]{N(last.EnqueueFailures)} orders could not enqueue their jobs.[/]");
        }

        if (store.Location is { } location)
        {
            console.MarkupLine($"Store: {Markup.Escape(location)} (run again to continue). Inspect it with [bold]conveyor stats[/] and [bold]conveyor jobs list --state discarded[/]{(store.ToString() == StoreSpec.Default ? "" : " and the same --store")}.");
        }
    }

    private static string[] Cells(string label, DemoQueueRow row) =>
    [
        label, N(row.Depth), N(row.Running), N(row.Processed), N(row.Retried),
        row.Dead > 0 ? $"[red]{N(row.Dead)}[/]" : "0", Rate(row.JobsPerSecond),
    ];

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan elapsed) => $"{elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s";
}
