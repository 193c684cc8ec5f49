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
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject { ["alerts"] = new JsonArray([.. alerts.Select(a => (JsonNode)Write(a))]) });
            }
            else
            {
                Render(cli, alerts, history, now);
            }

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

    private static void Render(CliContext cli, IReadOnlyList<AlertRecord> alerts, bool history, DateTimeOffset now)
    {
        if (alerts.Count == 0)
        {
            cli.Out.MarkupLine(history ? "[grey]No alert has fired.[/]" : "[grey]No alert is firing.[/]");
            return;
        }

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
                Duration((alert.ResolvedAt ?? now) - alert.FiredAt));
        }

        cli.Out.Write(table);
    }

    /// <summary>A span to the minute: <c>42m</c>, <c>2h 5m</c>, <c>3d 4h</c>; under a minute, its seconds.</summary>
    private static string Duration(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)}s"
        : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours}h {span.Minutes}m"
        : $"{(int)span.TotalDays}d {span.Hours}h";
}
