using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor workers</c>: the worker nodes that reported in the last hour, alive or dead, busy or idle.</summary>
internal static class WorkersCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"workers\": [ … ]}, see docs/cli.md." };
        var command = new Command("workers", "The worker nodes seen in the last hour: alive or dead, their queues, busy slots and version.") { json };
        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var now = TimeProvider.System.GetUtcNow();
            var nodes = (await session.Admin.ListNodesAsync(new ListNodesRequest { SeenSince = now.AddHours(-1) }, ct)).Nodes
                .OrderBy(n => n.Host, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
            ListOutput.Write(cli, result.GetValue(json), "workers", nodes, n => Write(n, now), "No worker reported in the last hour.", rows => Render(cli, rows, now));
            return 0;
        });
        return command;
    }

    private static JsonObject Write(NodeInfo node, DateTimeOffset now) => new()
    {
        ["id"] = node.Id,
        ["host"] = node.Host,
        ["pid"] = node.ProcessId,
        ["queues"] = node.Queues,
        ["busy"] = node.Busy,
        ["version"] = node.Version,
        ["startedAt"] = Json.Time(node.StartedAt),
        ["lastSeenAt"] = Json.Time(node.LastSeenAt),
        ["alive"] = node.IsAlive(now),
    };

    private static void Render(CliContext cli, IReadOnlyList<NodeInfo> nodes, DateTimeOffset now)
    {
        var table = new Table().AddColumns("worker", "host", "pid", "queues", "busy", "version", "started", "last seen", "state");
        foreach (var node in nodes)
        {
            table.AddRow(
                Markup.Escape(node.Id),
                Markup.Escape(node.Host),
                node.ProcessId.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(node.Queues),
                node.Busy.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(node.Version),
                JobText.Time(node.StartedAt),
                JobText.Time(node.LastSeenAt),
                node.IsAlive(now) ? (node.Busy > 0 ? "[green]busy[/]" : "[green]idle[/]") : "[red]dead[/]");
        }

        cli.Out.Write(table);
    }
}
