using System.CommandLine;
using System.Globalization;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor batches show ID</c>: one batch, its callback and each of its jobs' states and results.</summary>
internal static class BatchesShowCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var id = new Argument<string>("id") { Description = "The batch's id." };
        var json = new Option<bool>("--json") { Description = "Print the batch as JSON, see docs/cli.md." };
        var command = new Command("show", "One batch: its callback, its condition and each of its jobs.") { id, json };
        command.SetAction(async (result, ct) =>
        {
            var batchId = JobIds.Parse([result.GetRequiredValue(id)])[0];
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var batch = await session.Batches.GetBatchAsync(new GetBatchRequest { BatchId = batchId }, ct)
                ?? throw new CliException($"Batch {batchId} does not exist (closed batches are pruned after the longest retention).");
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, BatchJson.Write(batch));
            }
            else
            {
                Render(cli.Out, batch);
            }

            return 0;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, BatchRecord batch)
    {
        var closed = batch.ClosedAt is null ? "open" : $"closed {JobText.Time(batch.ClosedAt)}";
        console.MarkupLine($"batch {batch.Id}: {batch.Total} jobs, {closed}; callback job {batch.CallbackJobId} runs when {BatchJson.ConditionName(batch.Condition)}");
        var table = new Table().AddColumns("job", "state", "result");
        foreach (var member in batch.Jobs)
        {
            table.AddRow(
                member.JobId.ToString(CultureInfo.InvariantCulture),
                member.State is { } state ? JobText.State(state) : "[grey]deleted[/]",
                member.Result is { } r ? Markup.Escape(JobText.Shorten(System.Text.Encoding.UTF8.GetString(r.Span), 80)) : string.Empty);
        }

        console.Write(table);
    }
}
