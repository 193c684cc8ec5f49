using System.CommandLine;
using System.Globalization;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor batches list</c>: the newest batches, open or closed.</summary>
internal static class BatchesListCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var open = new Option<bool>("--open") { Description = "Only batches whose jobs have not all finished." };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 50).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print {\"batches\": [ … ]}, see docs/cli.md." };
        var command = new Command("list", "The newest batches and continuations, with how their jobs ended.") { open, limit, json };
        command.SetAction(async (result, ct) =>
        {
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliException($"--limit must be 1 to 10000; it is {max}.");
            }

            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var batches = (await session.Batches.ListBatchesAsync(new ListBatchesRequest { Limit = max, OpenOnly = result.GetValue(open) }, ct)).Batches;
            ListOutput.Write(cli, result.GetValue(json), "batches", batches, b => BatchJson.Write(b), "No batches.", rows => Render(cli, rows));
            return 0;
        });
        return command;
    }

    private static void Render(CliContext cli, IReadOnlyList<BatchRecord> batches)
    {
        var table = new Table().AddColumns("id", "jobs", "callback", "condition", "created", "closed", "completed", "discarded", "cancelled", "deleted");
        foreach (var batch in batches)
        {
            var counts = batch.Counts;
            table.AddRow(
                batch.Id.ToString(CultureInfo.InvariantCulture),
                batch.Total.ToString(CultureInfo.InvariantCulture),
                batch.CallbackJobId.ToString(CultureInfo.InvariantCulture),
                BatchJson.ConditionName(batch.Condition),
                JobText.Time(batch.CreatedAt),
                batch.ClosedAt is null ? "[yellow]open[/]" : JobText.Time(batch.ClosedAt),
                Count(counts?.Completed),
                Count(counts?.Discarded),
                Count(counts?.Cancelled),
                Count(counts?.Deleted));
        }

        cli.Out.Write(table);
    }

    private static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
