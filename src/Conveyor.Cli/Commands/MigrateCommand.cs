using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Cli.Output;
using Conveyor.Storage;

namespace Conveyor.Cli.Commands;

/// <summary>
/// <c>conveyor migrate [--to N]</c>: applies the store's schema migrations up to the latest, or up or down to a
/// version; safe to run twice. <c>conveyor migrate print</c>: the SQL migrating up runs, for review.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext cli, Option<string> store)
    {
        var to = new Option<int?>("--to") { Description = "Migrate up or down to this version; 0 removes Conveyor's tables (default: the latest)." };
        var json = new Option<bool>("--json") { Description = "Print {\"from\": n, \"to\": n, \"latest\": n, \"applied\": [versions]} instead of lines." };
        var command = new Command("migrate", "Apply the store's schema migrations (up to the latest, or up or down to --to N); prints the applied versions.")
        {
            to,
            json,
            CreatePrint(cli, store),
        };
        command.SetAction(async (result, ct) =>
        {
            var spec = StoreSpec.Parse(result.GetValue(store));
            await using var session = await StoreSession.OpenAsync(spec, StoreAccess.Migrate, ct);
            var migrator = session.Migrator;
            var target = result.GetValue(to) ?? migrator.KnownVersions[^1];
            if (target != 0 && !migrator.KnownVersions.Contains(target))
            {
                throw new CliException($"--to: {target} is not a migration version; known: 0 (no tables), {string.Join(", ", migrator.KnownVersions)}.");
            }

            var before = Current(await migrator.GetAppliedVersionsAsync(ct));
            await migrator.MigrateAsync(target, ct);
            var applied = await migrator.GetAppliedVersionsAsync(ct);
            if (result.GetValue(json))
            {
                Json.Write(cli.OutWriter, new JsonObject
                {
                    ["from"] = before,
                    ["to"] = Current(applied),
                    ["latest"] = migrator.KnownVersions[^1],
                    ["applied"] = new JsonArray([.. applied.Select(v => (JsonNode)v)]),
                });
                return 0;
            }

            cli.OutWriter.WriteLine(before == target
                ? $"{spec}: already at version {Label(target, migrator)}"
                : $"{spec}: migrated from version {Label(before, migrator)} to {Label(Current(applied), migrator)}");
            cli.OutWriter.WriteLine($"applied versions: {(applied.Count == 0 ? "none" : string.Join(", ", applied))}");
            return 0;
        });
        return command;
    }

    private static Command CreatePrint(CliContext cli, Option<string> store)
    {
        var command = new Command("print", "Print the SQL that migrating up to the latest version runs, for review; changes nothing.");
        command.SetAction(async (result, ct) =>
        {
            await using var session = await StoreSession.OpenAsync(StoreSpec.Parse(result.GetValue(store)), StoreAccess.Migrate, ct);
            cli.OutWriter.WriteLine(session.Migrator.PrintScript());
            return 0;
        });
        return command;
    }

    private static int Current(IReadOnlyList<int> applied) => applied.Count == 0 ? 0 : applied[^1];

    private static string Label(int version, IStoreMigrator migrator) => version switch
    {
        0 => "0 (no tables)",
        _ when version == migrator.KnownVersions[^1] => $"{version.ToString(CultureInfo.InvariantCulture)} (latest)",
        _ => version.ToString(CultureInfo.InvariantCulture),
    };
}
