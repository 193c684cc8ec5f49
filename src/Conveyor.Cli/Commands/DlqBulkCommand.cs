using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor dlq retry</c> and <c>conveyor dlq purge</c>: act on every discarded job that matches a filter (queue,
/// kind), a page at a time, with a progress bar on a terminal; purging asks for <c>--yes</c>.
/// </summary>
internal static class DlqBulkCommand
{
    private const int Page = 500;

    public static Command Retry(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "retry",
        "Make every matching discarded job available again now, with fresh attempts (their errors are kept).",
        "retried",
        needsConfirmation: false,
        (admin, request, ct) => admin.RetryJobsAsync(request, ct));

    public static Command Purge(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "purge",
        "Delete every matching discarded job for good (asks for --yes).",
        "purged",
        needsConfirmation: true,
        (admin, request, ct) => admin.DeleteJobsAsync(request, ct));

    private static Command Create(
        CliContext cli,
        Option<string> store,
        string name,
        string description,
        string pastTense,
        bool needsConfirmation,
        Func<IJobAdminStore, JobIdsRequest, CancellationToken, ValueTask<JobIdsResult>> act)
    {
        var queue = new Option<string?>("--queue") { Description = "Only jobs of this queue." };
        var kind = new Option<string?>("--kind") { Description = "Only jobs of this kind." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: without it, purge only says how many jobs it would delete." };
        var tag = new Option<string?>("--tag") { Description = "Only jobs carrying this tag." };
        var text = new Option<string?>("--text") { Description = "Only jobs whose arguments or errors contain this text (case-sensitive)." };
        var json = new Option<bool>("--json") { Description = $"Print {{\"matched\": n, \"{pastTense}\": n}} instead of a line; no progress bar." };
        var command = new Command(name, description) { queue, kind, tag, text, json };
        if (needsConfirmation)
        {
            command.Options.Add(yes);
        }

        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var filter = new ListJobsRequest { State = JobState.Discarded, Queue = result.GetValue(queue), Kind = result.GetValue(kind), Tag = result.GetValue(tag), Text = result.GetValue(text), Limit = Page };
            var ids = await MatchingAsync(session.Admin, filter, ct);
            var asJson = result.GetValue(json);
            if (needsConfirmation && !result.GetValue(yes))
            {
                if (asJson)
                {
                    Json.Write(cli.OutWriter, new JsonObject { ["matched"] = ids.Count, [pastTense] = 0 });
                }
                else
                {
                    cli.Out.MarkupLine($"{ids.Count.ToString(CultureInfo.InvariantCulture)} discarded jobs match; add --yes to delete them for good.");
                }

                return ids.Count == 0 ? 0 : 1;
            }

            var applied = 0;
            async Task ActAsync(Action<int> advanced)
            {
                foreach (var chunk in ids.Chunk(Page))
                {
                    applied += (await act(session.Admin, new JobIdsRequest { JobIds = chunk }, ct)).Applied.Count;
                    advanced(chunk.Length);
                }
            }

            if (cli.Interactive && !asJson)
            {
                await cli.Out.Progress().AutoClear(true).StartAsync(progress =>
                {
                    var bar = progress.AddTask($"{name} {ids.Count} jobs", maxValue: Math.Max(1, ids.Count));
                    return ActAsync(n => bar.Increment(n));
                });
            }
            else
            {
                await ActAsync(_ => { });
            }

            if (asJson)
            {
                Json.Write(cli.OutWriter, new JsonObject { ["matched"] = ids.Count, [pastTense] = applied });
            }
            else
            {
                cli.Out.MarkupLine($"{pastTense} {applied.ToString(CultureInfo.InvariantCulture)} jobs");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Every discarded job that matches, paged by id, so jobs discarded meanwhile are left for the next run.</summary>
    private static async Task<List<long>> MatchingAsync(IJobAdminStore admin, ListJobsRequest filter, CancellationToken ct)
    {
        var ids = new List<long>();
        var page = filter;
        while (true)
        {
            var jobs = (await admin.ListJobsAsync(page, ct)).Jobs;
            ids.AddRange(jobs.Select(j => j.Id));
            if (jobs.Count < filter.Limit)
            {
                return ids;
            }

            page = filter with { BeforeId = jobs[^1].Id };
        }
    }
}
