using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Conveyor.Dashboard.Tests.Browser;

/// <summary>
/// Runs <c>tests/dashboard-e2e/browse.mjs</c> (Debian's Chromium, headless, through playwright-core) on one scenario and
/// returns its JSON report; the tests assert on the report.
/// </summary>
internal static class Browse
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The folder screenshots go to: <c>$CONVEYOR_SCREENSHOTS</c>, else <c>TestResults/screenshots</c> beside the test assembly.</summary>
    public static string Screenshots(string group) => Path.Combine(
        Environment.GetEnvironmentVariable("CONVEYOR_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots"),
        group);

    /// <summary>Runs the scenario (its <c>scenario</c> and <c>base</c> fields at least) and parses the report.</summary>
    public static async Task<JsonObject> RunAsync(JsonObject scenario)
    {
        var folder = ScriptFolder();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(folder, "browse.mjs") },
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(Limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(scenario.ToJsonString());
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"browse.mjs {scenario["scenario"]} ran past {Limit.TotalSeconds} s");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"browse.mjs {scenario["scenario"]} exited {process.ExitCode}: {await stderr}");
        return JsonNode.Parse(output)?.AsObject() ?? throw new InvalidOperationException($"browse.mjs printed no report: {output}");
    }

    /// <summary>Fails with every console error, page error and failed request the report lists.</summary>
    public static void NoErrors(JsonObject report)
    {
        var errors = report["errors"]!.AsArray();
        Assert.True(errors.Count == 0, $"the browser saw errors: {errors.ToJsonString()}");
    }

    /// <summary><c>tests/dashboard-e2e</c> of the repository the test assembly was built in, with its packages installed.</summary>
    private static string ScriptFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "dashboard-e2e");
            if (File.Exists(Path.Combine(folder, "browse.mjs")))
            {
                Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")), $"playwright-core is not installed: run npm ci in tests/dashboard-e2e ({folder})");
                return folder;
            }
        }

        throw new InvalidOperationException($"no tests/dashboard-e2e above {AppContext.BaseDirectory}");
    }
}
