using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor jobs show ID</c>: one job with its arguments and every attempt's error.</summary>
internal static class JobsShowCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliContext cli, Option<string> store)
    {
        var id = new Argument<string>("id") { Description = "The job's id." };
        var json = new Option<bool>("--json") { Description = "Print the job as JSON, see docs/cli.md." };
        var command = new Command("show", "One job: its fields, arguments and every attempt's error.") { id, json };
        command.SetAction(async (result, ct) =>
        {
            var jobId = JobIds.Parse([result.GetRequiredValue(id)])[0];
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var job = await session.Admin.GetJobAsync(new GetJobRequest { JobId = jobId }, ct)
                ?? throw new CliException($"Job {jobId} does not exist (it may have been pruned after its retention period).");
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, JobJson.Detail(job));
            }
            else
            {
                Render(cli.Out, job);
            }

            return 0;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, JobRecord job)
    {
        var fields = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Field(fields, "id", job.Id.ToString(CultureInfo.InvariantCulture));
        Field(fields, "kind", Markup.Escape(job.Kind));
        Field(fields, "queue", Markup.Escape(job.Queue));
        Field(fields, "state", JobText.State(job));
        Field(fields, "attempt", $"{job.Attempt} of {job.MaxAttempts}");
        Field(fields, "priority", job.Priority.ToString(CultureInfo.InvariantCulture));
        Field(fields, "created", JobText.Time(job.CreatedAt));
        Field(fields, "scheduled", JobText.Due(job));
        Field(fields, "attempted", JobText.Time(job.AttemptedAt));
        Field(fields, "finalized", JobText.Time(job.FinalizedAt));
        Field(fields, "lease", job.LeaseOwner is null ? "-" : $"{Markup.Escape(job.LeaseOwner)} until {JobText.Time(job.LeaseExpiresAt)}");
        Field(fields, "unique key", Markup.Escape(job.UniqueKey ?? "-"));
        Field(fields, "ordering key", Markup.Escape(job.OrderingKey ?? "-"));
        Field(fields, "tags", job.Tags.Count == 0 ? "-" : Markup.Escape(string.Join(", ", job.Tags)));
        if (job.CancelRequestedAt is { } cancel)
        {
            Field(fields, "cancel requested", JobText.Time(cancel));
        }

        if (job.Progress is { } progress)
        {
            Field(fields, "progress", $"{progress.Percent} %{(progress.Message is null ? "" : $" · {Markup.Escape(progress.Message)}")} · at {JobText.Time(progress.At)}");
        }

        console.Write(fields);
        console.Write(new Panel(new Text(PrettyArgs(job.Args))).Header("arguments"));
        if (job.Result is { } stored)
        {
            console.Write(new Panel(new Text(PrettyArgs(stored))).Header("result"));
        }

        console.MarkupLine(job.Errors.Count == 0 ? "[grey]No errors.[/]" : $"[bold]{job.Errors.Count} error(s), oldest first[/]");
        foreach (var error in job.Errors)
        {
            console.Write(ErrorPanel(error));
        }
    }

    private static void Field(Grid grid, string name, string markup) => grid.AddRow($"[grey]{name}[/]", markup);

    private static Panel ErrorPanel(AttemptError error)
    {
        var header = $"attempt {error.Attempt} · {JobText.Time(error.At)} · {error.DurationMs.ToString("N0", CultureInfo.InvariantCulture)} ms · worker {error.Worker ?? "-"}";
        var body = new Rows(
            new Markup($"[red]{Markup.Escape(error.ExceptionType)}[/]: {Markup.Escape(error.Message)}"),
            new Text(error.StackTrace ?? string.Empty, new Style(Color.Grey)));
        return new Panel(body).Header(Markup.Escape(header)).Expand();
    }

    private static string PrettyArgs(ReadOnlyMemory<byte> args)
    {
        try
        {
            using var document = JsonDocument.Parse(args);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(args.Span);
        }
    }
}
