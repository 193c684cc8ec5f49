using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor queues list|pause|resume</c>: the queues and their paused flag, shared by every worker.</summary>
internal static class QueuesCommand
{
    public static Command Create(CliContext cli, Option<string> store) =>
        new("queues", "List queues; pause or resume one for every worker (a paused queue still accepts jobs).")
        {
            List(cli, store),
            SetPaused(cli, store, paused: true),
            SetPaused(cli, store, paused: false),
        };

    private static Command List(CliContext cli, Option<string> store)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"queues\": [ … ]}, see docs/cli.md." };
        var command = new Command("list", "Queues that have jobs or are paused.") { json };
        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var queues = (await session.Admin.ListQueuesAsync(new ListQueuesRequest(), ct)).Queues;
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["queues"] = new JsonArray([.. queues.Select(q => (JsonNode)new JsonObject { ["name"] = q.Name, ["paused"] = q.Paused })]) });
                return 0;
            }

            if (queues.Count == 0)
            {
                cli.Out.MarkupLine("[grey]No queues.[/]");
                return 0;
            }

            var table = new Table().AddColumns("queue", "state");
            foreach (var queue in queues)
            {
                table.AddRow(Markup.Escape(queue.Name), queue.Paused ? "[yellow]paused[/]" : "[green]active[/]");
            }

            cli.Out.Write(table);
            return 0;
        });
        return command;
    }

    private static Command SetPaused(CliContext cli, Option<string> store, bool paused)
    {
        var queue = new Argument<string>("queue") { Description = "The queue." };
        var command = new Command(
            paused ? "pause" : "resume",
            paused ? "Stop every worker fetching from the queue; running jobs finish, new jobs are still accepted." : "Let every worker fetch from the queue again.")
        {
            queue,
        };
        command.SetAction(async (result, ct) =>
        {
            var name = QueueNames.Validate(result.GetRequiredValue(queue), "queue");
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            await session.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = name, Paused = paused }, ct);
            cli.Out.WriteLine($"{(paused ? "paused" : "resumed")} {name}");
            return 0;
        });
        return command;
    }
}
