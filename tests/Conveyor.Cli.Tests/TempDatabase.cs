namespace Conveyor.Cli.Tests;

/// <summary>A fresh directory with a database path in it, deleted afterwards; one per test so tests run in parallel.</summary>
internal sealed class TempDatabase : ITestStore, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conveyor-cli-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "conveyor.db");

    public string Store => $"sqlite:{Path}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite connection may still hold the file for a moment; the OS cleans temp.
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
