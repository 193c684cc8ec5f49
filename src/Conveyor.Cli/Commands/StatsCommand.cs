using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor stats [--json] [--watch] [--interval D] [--count N] [--once]</c>: job counts per queue × state and each
/// queue's last whole minute; a live table on a terminal, refreshed until Ctrl+C.
/// </summary>
internal static class StatsCommand
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliContext cli, Option<string> store)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"totals\": {state: n}, \"queues\": {queue: {state: n}}, \"lastMinute\": {…}} with all seven states; one document per line with --watch." };
        var watch = new Option<bool>("--watch") { Description = "Refresh every --interval until Ctrl+C (the default on a terminal without --json); redirected, print a new table or JSON line each time." };
        var once = new Option<bool>("--once") { Description = "Print once and exit, also on a terminal." };
        var interval = new Option<string>("--interval") { Description = "Time between refreshes, e.g. 500ms, 2s (default 2s)." };
        var count = new Option<int?>("--count") { Description = "Stop after this many refreshes." };
        var command = new Command("stats", "Job counts per queue and state, and each queue's jobs processed and failed in the last minute.") { json, watch, once, interval, count };
        command.SetAction(async (result, ct) =>
        {
            var every = result.GetValue(interval) is { } text ? DurationParser.Parse(text, "--interval") : DefaultInterval;
            var times = result.GetValue(count);
            if (times is < 1)
            {
                throw new CliException("--count must be at least 1.");
            }

            var asJson = result.GetValue(json);
            var watching = !result.GetValue(once) && (result.GetValue(watch) || times is not null || (cli.Interactive && !asJson));
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var refresh = new StatsRefresh(session, every, watching ? times : 1);
            if (asJson)
            {
                await refresh.EachAsync(snapshot => Json.Write(cli.OutWriter, ToJson(snapshot), indented: !watching), ct);
            }
            else if (watching && cli.Interactive)
            {
                await cli.Out.Live(new Table()).StartAsync(live => refresh.EachAsync(snapshot =>
                {
                    live.UpdateTarget(ToTable(snapshot));
                    live.Refresh();
                }, ct));
            }
            else
            {
                await refresh.EachAsync(snapshot => cli.Out.Write(ToTable(snapshot)), ct);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The documented shape: every state in lowercase under "totals" and under each queue, and the last whole minute's attempts per queue.</summary>
    internal static JsonObject ToJson(StatsSnapshot snapshot)
    {
        var queues = new JsonObject();
        var lastMinute = snapshot.LastMinute is null ? null : new JsonObject();
        foreach (var (queue, states) in snapshot.Counts.Queues)
        {
            queues[queue] = States(states);
            if (lastMinute is not null && snapshot.RateOf(queue) is var (processed, failed))
            {
                lastMinute[queue] = new JsonObject { ["processed"] = processed, ["failed"] = failed };
            }
        }

        return new JsonObject
        {
            ["totals"] = States(snapshot.Counts.Totals),
            ["queues"] = queues,
            ["minute"] = snapshot.Minute.ToString("O", CultureInfo.InvariantCulture),
            ["lastMinute"] = lastMinute,
        };
    }

    private static JsonObject States(Dictionary<JobState, long> states)
    {
        var json = new JsonObject();
        foreach (var state in JobStates.All)
        {
            json[state.ToWireName()] = states[state];
        }

        return json;
    }

    private static Table ToTable(StatsSnapshot snapshot)
    {
        var table = new Table().AddColumn("queue");
        foreach (var state in JobStates.All)
        {
            table.AddColumn(new TableColumn(state.ToWireName()).RightAligned());
        }

        table.AddColumn(new TableColumn("total").RightAligned());
        table.AddColumn(new TableColumn("processed/min").RightAligned());
        table.AddColumn(new TableColumn("failed/min").RightAligned());
        foreach (var (queue, states) in snapshot.Counts.Queues)
        {
            table.AddRow(Row(Markup.Escape(queue), states, snapshot.RateOf(queue)));
        }

        table.AddRow(Row("[bold]all queues[/]", snapshot.Counts.Totals, snapshot.TotalRate()));
        table.Caption(snapshot.LastMinute is null ? "no per-minute statistics in this store's schema: run conveyor migrate" : $"last minute: {snapshot.Minute:HH:mm} UTC");
        return table;
    }

    private static string[] Row(string label, Dictionary<JobState, long> states, (long Processed, long Failed)? rate) =>
    [
        label,
        .. JobStates.All.Select(s => Number(states[s], red: s == JobState.Discarded)),
        Format(states.Values.Sum()),
        rate is { } r ? Format(r.Processed) : "[grey]n/a[/]",
        rate is { } f ? Number(f.Failed, red: true) : "[grey]n/a[/]",
    ];

    private static string Number(long n, bool red) => n > 0 && red ? $"[red]{Format(n)}[/]" : Format(n);

    private static string Format(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
