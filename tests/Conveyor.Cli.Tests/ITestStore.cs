namespace Conveyor.Cli.Tests;

/// <summary>A fresh, empty store for one test, removed afterwards, so tests run in parallel.</summary>
internal interface ITestStore : IAsyncDisposable
{
    /// <summary>The <c>--store</c> text.</summary>
    string Store { get; }
}

/// <summary>Makes test stores by kind, for theories that run on every store the CLI supports.</summary>
internal static class TestStores
{
    /// <summary>A temporary SQLite file (<c>sqlite</c>) or a schema of its own on the test server (<c>postgres</c>).</summary>
    public static ITestStore Create(string kind) => kind switch
    {
        "sqlite" => new TempDatabase(),
        "postgres" => new PostgresSchema(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sqlite or postgres"),
    };
}
