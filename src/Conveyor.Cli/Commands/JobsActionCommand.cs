using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs retry|cancel|delete ID… [--json]</c>: admin actions on a set of jobs.</summary>
internal static class JobsActionCommand
{
    public static Command Retry(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "retry",
        "Make jobs available again now with fresh attempts (their errors are kept). Applies to discarded, cancelled, completed, retryable and scheduled jobs.",
        "retried",
        (admin, request, ct) => admin.RetryJobsAsync(request, ct));

    public static Command Cancel(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "cancel",
        "Cancel jobs: waiting ones at once, running ones at their worker's next lease renewal.",
        "cancelled",
        (admin, request, ct) => admin.CancelJobsAsync(request, ct));

    public static Command Delete(CliContext cli, Option<string> store) => Create(
        cli,
        store,
        "delete",
        "Delete jobs for good, in any state but running (cancel a running job first).",
        "deleted",
        (admin, request, ct) => admin.DeleteJobsAsync(request, ct));

    private static Command Create(
        CliContext cli,
        Option<string> store,
        string name,
        string description,
        string pastTense,
        Func<IJobAdminStore, JobIdsRequest, CancellationToken, ValueTask<JobIdsResult>> act)
    {
        var ids = new Argument<string[]>("ids") { Description = "Job ids.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = $"Print {{\"{pastTense}\": [ids], \"skipped\": [{{\"id\": n, \"state\": s|null}}]}} instead of lines; the exit code is the same." };
        var command = new Command(name, description) { ids, json };
        command.SetAction(async (result, ct) =>
        {
            var jobIds = JobIds.Parse(result.GetRequiredValue(ids));
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var applied = (await act(session.Admin, new JobIdsRequest { JobIds = jobIds }, ct)).Applied.ToHashSet();
            var skipped = new List<(long Id, JobState? State)>();
            foreach (var id in jobIds.Where(id => !applied.Contains(id)))
            {
                skipped.Add((id, (await session.Admin.GetJobAsync(new GetJobRequest { JobId = id }, ct))?.State));
            }

            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject
                {
                    [pastTense] = new JsonArray([.. jobIds.Where(applied.Contains).Select(id => (JsonNode)id)]),
                    ["skipped"] = new JsonArray([.. skipped.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["state"] = s.State?.ToWireName() })]),
                });
                return skipped.Count == 0 ? 0 : 1;
            }

            foreach (var id in jobIds.Where(applied.Contains))
            {
                cli.Out.MarkupLine($"{pastTense} {id}");
            }

            foreach (var (id, state) in skipped)
            {
                cli.WriteError(state is null
                    ? $"job {id} does not exist"
                    : $"job {id} was not {pastTense}: it is {state.Value.ToWireName()}");
            }

            return skipped.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
