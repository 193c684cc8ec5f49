using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor enqueue KIND --args JSON [--after ID…]</c>: inserts one job (or a continuation) by kind name and prints its id.</summary>
internal static class EnqueueCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var kind = new Argument<string>("kind") { Description = "The job kind, e.g. send_confirmation_email." };
        var args = new Option<string>("--args") { Description = "The arguments as JSON (default {}).", DefaultValueFactory = _ => "{}" };
        var queue = new Option<string?>("--queue") { Description = "The queue (default: default)." };
        var priority = new Option<int?>("--priority") { Description = "Lower runs first within the queue (default 0)." };
        var delay = new Option<string?>("--delay") { Description = "Run after this long, e.g. 10s or 5m (default: now)." };
        var uniqueKey = new Option<string?>("--unique-key") { Description = "While an unfinished job has this key, print its id and insert nothing." };
        var after = new Option<long[]>("--after") { Description = "Run as a continuation, once these jobs (ids) have finished.", AllowMultipleArgumentsPerToken = true };
        var when = new Option<string>("--when") { Description = "With --after: all-succeeded (default: only if every one completed) or all-finished.", DefaultValueFactory = _ => "all-succeeded" };
        var tags = new Option<string[]>("--tag") { Description = "A tag to find the job by (jobs list --tag); repeat for several." };
        var asJson = new Option<bool>("--json") { Description = "Print {\"id\": n} instead of the bare id." };
        var command = new Command("enqueue", "Enqueue a job by kind with JSON arguments; prints the job's id.") { kind, args, queue, priority, delay, uniqueKey, after, when, tags, asJson };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            if (result.GetValue(after) is { Length: > 0 } && (result.GetValue(delay) is not null || result.GetValue(uniqueKey) is not null))
            {
                throw new CliException("--after cannot go with --delay or --unique-key: a continuation runs when its parents have finished.");
            }

            var wait = result.GetValue(delay) is { } text ? DurationParser.Parse(text, "--delay") : (TimeSpan?)null;
            await using var session = await StoreSession.OpenAsync(spec, StoreAccess.Write, ct);
            var options = new EnqueueOptions
            {
                Queue = result.GetValue(queue),
                Priority = result.GetValue(priority),
                UniqueKey = result.GetValue(uniqueKey),
                ScheduledAt = wait is { } d ? TimeProvider.System.GetUtcNow() + d : null,
                Tags = result.GetValue(tags) ?? [],
            };
            var json = Encoding.UTF8.GetBytes(result.GetValue(args) ?? "{}");
            var parents = result.GetValue(after) ?? [];
            var id = parents.Length == 0
                ? await session.Client.EnqueueRawAsync(result.GetRequiredValue(kind), json, options, ct)
                : (await session.Client.EnqueueBatchAsync(new JobBatch().AddExisting(parents).Then(result.GetRequiredValue(kind), json, Condition(result.GetValue(when)), options), ct)).CallbackJobId;
            if (result.GetValue(asJson))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["id"] = id });
            }
            else
            {
                cli.OutWriter.WriteLine(id.ToString(CultureInfo.InvariantCulture));
            }

            return 0;
        });
        return command;
    }

    private static BatchCondition Condition(string? name) => name switch
    {
        "all-succeeded" => BatchCondition.AllSucceeded,
        "all-finished" => BatchCondition.AllFinished,
        _ => throw new CliException($"Unknown --when '{name}': use all-succeeded or all-finished."),
    };
}
