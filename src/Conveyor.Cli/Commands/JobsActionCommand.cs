using System.CommandLine;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs retry ID…</c> and <c>conveyor jobs cancel ID…</c>: admin actions on a set of jobs.</summary>
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

    private static Command Create(
        CliContext cli,
        Option<string> store,
        string name,
        string description,
        string pastTense,
        Func<IJobAdminStore, JobIdsRequest, CancellationToken, ValueTask<JobIdsResult>> act)
    {
        var ids = new Argument<string[]>("ids") { Description = "Job ids.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { ids };
        command.SetAction(async (result, ct) =>
        {
            var jobIds = JobIds.Parse(result.GetRequiredValue(ids));
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var applied = (await act(session.Admin, new JobIdsRequest { JobIds = jobIds }, ct)).Applied.ToHashSet();
            foreach (var id in jobIds.Where(applied.Contains))
            {
                cli.Out.MarkupLine($"{pastTense} {id}");
            }

            var skipped = jobIds.Where(id => !applied.Contains(id)).ToList();
            foreach (var id in skipped)
            {
                var job = await session.Admin.GetJobAsync(new GetJobRequest { JobId = id }, ct);
                cli.WriteError(job is null
                    ? $"job {id} does not exist"
                    : $"job {id} was not {pastTense}: it is {job.State.ToWireName()}");
            }

            return skipped.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
