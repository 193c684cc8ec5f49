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
    /// <summary>
    /// A temporary SQLite file (<c>sqlite</c>), a schema of its own on the PostgreSQL test server (<c>postgres</c>) or a
    /// key prefix of its own on the Redis test server (<c>redis</c>).
    /// </summary>
    public static ITestStore Create(string kind) => kind switch
    {
        "sqlite" => new TempDatabase(),
        "postgres" => new PostgresSchema(),
        "redis" => new RedisPrefix(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "sqlite, postgres or redis"),
    };
}
