using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Conveyor.Bench;
using Spectre.Console;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor bench-dashboard --store postgres:…</c>: fills a fresh schema with finished and dead-lettered jobs and
/// times the dashboard's list and count endpoints over it (p50, p99, max per endpoint); the schema is dropped after.
/// </summary>
internal static class BenchDashboardCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var completed = new Option<long>("--completed") { Description = "Completed jobs to seed.", DefaultValueFactory = _ => 1_000_000 };
        var discarded = new Option<long>("--discarded") { Description = "Discarded jobs to seed, interleaved with the completed ones.", DefaultValueFactory = _ => 100_000 };
        var requests = new Option<int>("--requests") { Description = "Timed requests per endpoint (after 5 warm-up requests).", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print {\"completed\": n, \"discarded\": n, \"endpoints\": [{\"endpoint\", \"p50Ms\", \"p99Ms\", \"maxMs\"}]}." };
        var command = new Command("bench-dashboard", "Time the dashboard's list and count endpoints over a fresh PostgreSQL schema of finished jobs (dropped after).")
        {
            completed, discarded, requests, json,
        };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            if (spec.Postgres is not { } pg)
            {
                throw new CliException("bench-dashboard seeds its jobs with SQL: pass --store postgres:CONNSTR (a fresh schema is made and dropped).");
            }

            var (finished, dead, count) = (result.GetValue(completed), result.GetValue(discarded), result.GetValue(requests));
            if (finished < 0 || dead < 0 || finished + dead < 2 || count < 1)
            {
                throw new CliException("--completed and --discarded must not be negative, together at least 2, and --requests at least 1.");
            }

            var schema = PostgresSchema.NewName("conveyor_bench_dash");
            var fresh = StoreSpec.Parse($"postgres:{pg.ConnectionString};Schema={schema}");
            try
            {
                await using var session = await StoreSession.OpenAsync(fresh, StoreAccess.Write, ct);
                cli.Error.MarkupLine($"seeding {finished.ToString("N0", CultureInfo.InvariantCulture)} completed and {dead.ToString("N0", CultureInfo.InvariantCulture)} discarded jobs in schema {schema}…");
                var maxId = await DashboardSeed.SeedPostgresAsync(pg.ConnectionString, schema, finished, dead, ct);
                var latencies = await DashboardWorkload.RunAsync(session.ShareWith, maxId, count, (_, _) => { }, ct);
                if (result.GetValue(json))
                {
                    cli.OutWriter.WriteLine(JsonSerializer.Serialize(new { completed = finished, discarded = dead, endpoints = latencies }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
                }
                else
                {
                    var table = new Table().AddColumn("endpoint").AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned()).AddColumn(new TableColumn("max ms").RightAligned());
                    foreach (var l in latencies)
                    {
                        table.AddRow(Markup.Escape("/" + l.Endpoint), Ms(l.P50Ms), Ms(l.P99Ms), Ms(l.MaxMs));
                    }

                    cli.Out.Write(table);
                }
            }
            finally
            {
                await PostgresSchema.DropAsync(pg.ConnectionString, schema);
            }

            return 0;
        });
        return command;
    }

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture);
}
