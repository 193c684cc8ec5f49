using System.CommandLine;
using System.Globalization;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs list</c>: jobs newest first, filtered by state, queue and kind.</summary>
internal static class JobsListCommand
{
    public static Command Create(CliContext cli, Option<string> store) => Create(cli, store, fixedState: null, "Jobs newest first.");

    /// <summary><c>conveyor dlq list</c>: the same listing, of discarded jobs only.</summary>
    public static Command DeadLetters(CliContext cli, Option<string> store) =>
        Create(cli, store, JobState.Discarded, "Dead-lettered (discarded) jobs newest first, with their last error.");

    private static Command Create(CliContext cli, Option<string> store, JobState? fixedState, string description)
    {
        var state = new Option<string?>("--state") { Description = "Only this state: available, scheduled, running, retryable, completed, discarded (the dead letters) or cancelled." };
        var queue = new Option<string?>("--queue") { Description = "Only this queue." };
        var kind = new Option<string?>("--kind") { Description = "Only this kind." };
        var limit = new Option<int>("--limit") { Description = "At most this many jobs (default 50).", DefaultValueFactory = _ => 50 };
        var before = new Option<long?>("--before") { Description = "Only jobs with an id below this: the next page after the previous page's last id." };
        var tag = new Option<string?>("--tag") { Description = "Only jobs carrying this tag." };
        var text = new Option<string?>("--text") { Description = "Only jobs whose arguments or errors contain this text (case-sensitive), e.g. an order id." };
        var json = new Option<bool>("--json") { Description = "Print {\"jobs\": [ … ]}, see docs/cli.md." };
        var command = new Command("list", description) { queue, kind, tag, text, limit, before, json };
        if (fixedState is null)
        {
            command.Options.Add(state);
        }

        command.SetAction(async (result, ct) =>
        {
            var request = new ListJobsRequest
            {
                State = fixedState ?? (result.GetValue(state) is { } s ? JobStates.ParseWireName(s) : null),
                Queue = result.GetValue(queue),
                Kind = result.GetValue(kind),
                Tag = result.GetValue(tag),
                Text = result.GetValue(text),
                BeforeId = result.GetValue(before),
                Limit = result.GetValue(limit) is var n and >= 1 and <= 10_000 ? n : throw new CliException("--limit must be between 1 and 10000."),
            };
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var jobs = (await session.Admin.ListJobsAsync(request, ct)).Jobs;
            ListOutput.Write(cli, result.GetValue(json), "jobs", jobs, j => JobJson.Summary(j), "No jobs match.", rows => Render(cli, rows));
            return 0;
        });
        return command;
    }

    private static void Render(CliContext cli, IReadOnlyList<JobRecord> jobs)
    {
        var table = new Table().AddColumns("id", "kind", "queue", "state", "attempt", "created", "last error");
        foreach (var job in jobs)
        {
            table.AddRow(
                job.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(job.Kind),
                Markup.Escape(job.Queue),
                JobText.State(job),
                $"{job.Attempt}/{job.MaxAttempts}",
                JobText.Time(job.CreatedAt),
                job.Errors.Count > 0 ? Markup.Escape(JobText.Shorten(job.Errors[^1].Message, 60)) : string.Empty);
        }

        cli.Out.Write(table);
        if (jobs.Count > 1)
        {
            cli.Out.MarkupLine($"[grey]{jobs.Count} jobs; next page: --before {jobs[^1].Id}[/]");
        }
    }
}
