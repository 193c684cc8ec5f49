using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor stats [--json]</c>: job counts per queue × state.</summary>
internal static class StatsCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"totals\": {state: n}, \"queues\": {queue: {state: n}}} with all seven states." };
        var command = new Command("stats", "Job counts per queue and state.") { json };
        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var counts = await StateCounts.ReadAsync(session.Admin, ct);
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, ToJson(counts));
            }
            else
            {
                cli.Out.Write(ToTable(counts));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The documented shape: every state in lowercase under "totals" and under each queue.</summary>
    internal static JsonObject ToJson(StateCounts counts)
    {
        var queues = new JsonObject();
        foreach (var (queue, states) in counts.Queues)
        {
            queues[queue] = States(states);
        }

        return new JsonObject { ["totals"] = States(counts.Totals), ["queues"] = queues };
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

    private static Table ToTable(StateCounts counts)
    {
        var table = new Table().AddColumn("queue");
        foreach (var state in JobStates.All)
        {
            table.AddColumn(new TableColumn(state.ToWireName()).RightAligned());
        }

        table.AddColumn(new TableColumn("total").RightAligned());
        foreach (var (queue, states) in counts.Queues)
        {
            table.AddRow(Row(Markup.Escape(queue), states));
        }

        table.AddRow(Row("[bold]all queues[/]", counts.Totals));
        return table;
    }

    private static string[] Row(string label, Dictionary<JobState, long> states) =>
        [label, .. JobStates.All.Select(s => Number(states[s], s)), states.Values.Sum().ToString("N0", CultureInfo.InvariantCulture)];

    private static string Number(long n, JobState state) =>
        n > 0 && state == JobState.Discarded
            ? $"[red]{n.ToString("N0", CultureInfo.InvariantCulture)}[/]"
            : n.ToString("N0", CultureInfo.InvariantCulture);
}
