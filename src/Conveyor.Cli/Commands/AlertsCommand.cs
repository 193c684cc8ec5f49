using System.CommandLine;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary><c>conveyor alerts</c>: the alerts firing now; with <c>--all</c>, the newest alerts, firing or resolved.</summary>
internal static class AlertsCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var all = new Option<bool>("--all") { Description = "The history: the newest alerts, firing or resolved, not only those firing." };
        var limit = new Option<int>("--limit") { Description = "With --all, at most this many (default 50).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print {\"alerts\": [ … ]}, see docs/cli.md." };
        var command = new Command("alerts", "The alerts firing now (kept in the store by the elected leader); --all for the history.") { all, limit, json };
        command.SetAction(async (result, ct) =>
        {
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliException($"--limit must be 1 to 10000; it is {max}.");
            }

            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Read, ct);
            var history = result.GetValue(all);
            var alerts = history
                ? (await session.Alerts.ListAlertHistoryAsync(new ListAlertHistoryRequest { Limit = max }, ct)).Alerts
                : (await session.Alerts.ListFiringAlertsAsync(new ListFiringAlertsRequest(), ct)).Alerts;
            var now = TimeProvider.System.GetUtcNow();
            var none = history ? "No alert has fired." : "No alert is firing.";
            ListOutput.Write(cli, result.GetValue(json), "alerts", alerts, Write, none, rows => Render(cli, rows, now));
            return 0;
        });
        return command;
    }

    private static JsonObject Write(AlertRecord alert) => new()
    {
        ["id"] = alert.Id,
        ["status"] = alert.ResolvedAt is null ? "firing" : "resolved",
        ["rule"] = alert.Rule,
        ["subject"] = alert.Subject,
        ["severity"] = alert.Severity,
        ["message"] = alert.Message,
        ["firedAt"] = Json.Time(alert.FiredAt),
        ["resolvedAt"] = Json.Time(alert.ResolvedAt),
        ["lastSeenAt"] = Json.Time(alert.LastSeenAt),
    };

    private static void Render(CliContext cli, IReadOnlyList<AlertRecord> alerts, DateTimeOffset now)
    {
        var table = new Table().AddColumns("id", "status", "severity", "rule", "subject", "message", "fired", "resolved", "duration");
        foreach (var alert in alerts)
        {
            table.AddRow(
                alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                alert.ResolvedAt is null ? "[red]firing[/]" : "[green]resolved[/]",
                alert.Severity == "unhealthy" ? "[red]unhealthy[/]" : "[yellow]degraded[/]",
                Markup.Escape(alert.Rule),
                Markup.Escape(alert.Subject),
                Markup.Escape(alert.Message),
                JobText.Time(alert.FiredAt),
                alert.ResolvedAt is null ? "-" : JobText.Time(alert.ResolvedAt),
                JobText.Span((alert.ResolvedAt ?? now) - alert.FiredAt));
        }

        cli.Out.Write(table);
    }
}
