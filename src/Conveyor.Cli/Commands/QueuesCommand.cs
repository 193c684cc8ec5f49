using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor queues list|pause|resume</c>: the queues, their paused flag (shared by every worker) and how long their next job has waited.</summary>
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
            var now = TimeProvider.System.GetUtcNow();
            ListOutput.Write(cli, result.GetValue(json), "queues", queues, q => Write(q, now), "No queues.", rows => Render(cli, rows, now));
            return 0;
        });
        return command;
    }

    private static JsonObject Write(QueueInfo queue, DateTimeOffset now) => new()
    {
        ["name"] = queue.Name,
        ["paused"] = queue.Paused,
        ["nextDueAt"] = Json.Time(queue.NextDueAt),
        ["latencySeconds"] = Math.Round(Latency(queue, now).TotalSeconds, 3),
    };

    private static void Render(CliContext cli, IReadOnlyList<QueueInfo> queues, DateTimeOffset now)
    {
        var table = new Table().AddColumns("queue", "state").AddColumn(new TableColumn("next job waiting").RightAligned());
        foreach (var queue in queues)
        {
            table.AddRow(
                Markup.Escape(queue.Name),
                queue.Paused ? "[yellow]paused[/]" : "[green]active[/]",
                queue.NextDueAt is null ? "[grey]none waiting[/]" : JobText.Span(Latency(queue, now)));
        }

        cli.Out.Write(table);
    }

    /// <summary>How long the queue's next job has waited since it was due; zero when none waits.</summary>
    private static TimeSpan Latency(QueueInfo queue, DateTimeOffset now) =>
        queue.NextDueAt is { } due && now > due ? now - due : TimeSpan.Zero;

    private static Command SetPaused(CliContext cli, Option<string> store, bool paused)
    {
        var queue = new Argument<string>("queue") { Description = "The queue." };
        var json = new Option<bool>("--json") { Description = "Print {\"queue\": s, \"paused\": bool} instead of a line." };
        var command = new Command(
            paused ? "pause" : "resume",
            paused ? "Stop every worker fetching from the queue; running jobs finish, new jobs are still accepted." : "Let every worker fetch from the queue again.")
        {
            queue,
            json,
        };
        command.SetAction(async (result, ct) =>
        {
            var name = QueueNames.Validate(result.GetRequiredValue(queue), "queue");
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            await session.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = name, Paused = paused }, ct);
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["queue"] = name, ["paused"] = paused });
            }
            else
            {
                cli.Out.WriteLine($"{(paused ? "paused" : "resumed")} {name}");
            }

            return 0;
        });
        return command;
    }
}
