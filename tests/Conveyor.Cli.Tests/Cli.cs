namespace Conveyor.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>The CLI's contract for an error the user can fix: exit code 1 and one line on stderr, <c>error: </c> first, containing <paramref name="text"/>.</summary>
    public void AssertOneErrorLine(string text)
    {
        Assert.Equal(1, ExitCode);
        Assert.StartsWith("error: ", Error, StringComparison.Ordinal);
        Assert.Contains(text, Error, StringComparison.Ordinal);
        Assert.Single(Error.Trim().Split('\n'));
    }
}

/// <summary>Runs the CLI in-process, capturing its output.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ConveyorCli.InvokeAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
