using System.Globalization;
using System.Text.Json;
using Conveyor.Chaos.Tests.Stores;

namespace Conveyor.Chaos.Tests.Harness;

/// <summary>
/// Writes a run's figures as JSON and as one markdown table row into the results folder
/// (<c>CONVEYOR_CHAOS_RESULTS</c>, or <c>chaos-results</c> beside the test assembly), where <c>./chaos.sh</c> gathers them.
/// </summary>
public static class ChaosReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The markdown table's header, matching <see cref="Row"/>.</summary>
    public const string Header =
        "| test | store | tier | acknowledged | lost | unexpected | executions | duplicate executions | attributable | same attempt twice | duplicate effects | recovery p50 / p99 / max (ms) | jobs/s | time to quiet (ms) | notes |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /// <summary>The folder results are written to.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable("CONVEYOR_CHAOS_RESULTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "chaos-results");

    /// <summary>Writes <paramref name="figures"/> of test <paramref name="test"/> on <paramref name="store"/> and returns the markdown row.</summary>
    public static string Write(string test, StoreKind store, ChaosFigures figures, string notes = "")
    {
        ArgumentNullException.ThrowIfNull(figures);
        var name = FileStem(test, store);
        var document = new { test, store = store.ToString().ToLowerInvariant(), tier = ChaosTier.Name, figures, notes };
        File.WriteAllText(Path.Combine(Folder, name + ".json"), JsonSerializer.Serialize(document, Indented));
        var row = Row(test, store, figures, notes);
        File.WriteAllText(Path.Combine(Folder, name + ".md"), row + "\n");
        File.WriteAllText(Path.Combine(Folder, "_header.md"), Header + "\n");
        return row;
    }

    /// <summary>
    /// Writes the figures of a test that measures something other than a history (a retry storm's bursts) as one
    /// markdown list line, which <c>./chaos.sh</c> lists below the table; returns the line.
    /// </summary>
    public static string WriteLine(string test, StoreKind store, string figures)
    {
        var line = $"- {test}, {store.ToString().ToLowerInvariant()}, tier {ChaosTier.Name}: {figures}";
        File.WriteAllText(Path.Combine(Folder, FileStem(test, store) + ".line"), line + "\n");
        return line;
    }

    /// <summary>Creates the results folder and returns the name, without extension, of a run's files in it.</summary>
    private static string FileStem(string test, StoreKind store)
    {
        Directory.CreateDirectory(Folder);
        return $"{test}-{store.ToString().ToLowerInvariant()}";
    }

    /// <summary>One markdown table row of the figures.</summary>
    public static string Row(string test, StoreKind store, ChaosFigures figures, string notes)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {test} | {store.ToString().ToLowerInvariant()} | {ChaosTier.Name} | {figures.Acknowledged} | {figures.Lost} | {figures.Unexpected} | {figures.Executions} | "
            + $"{figures.DuplicateExecutions} | {figures.DuplicatesAttributable} | {figures.SameAttemptTwice} | {figures.DuplicateEffects} | "
            + $"{figures.RecoveryP50Ms:0} / {figures.RecoveryP99Ms:0} / {figures.RecoveryMaxMs:0} | {figures.Throughput:0} | {figures.TimeToQuietMs:0} | {notes} |");
    }
}
