namespace Conveyor.Cli;

/// <summary>
/// The <c>--store</c> option, parsed: <c>sqlite:PATH</c> (a database file), <c>postgres:CONNSTR</c> (a PostgreSQL
/// database, Conveyor's tables in one schema), <c>redis:CONFIG</c> (a Redis server or cluster, Conveyor's keys under
/// one prefix) or <c>memory</c> (an empty in-memory store that lives as long as the command, for the demo). Printing a
/// spec never shows a password.
/// </summary>
internal sealed record StoreSpec(string Scheme, string? Path, PostgresSpec? Postgres = null, RedisSpec? Redis = null)
{
    /// <summary>The default store: <c>conveyor.db</c> in the working directory.</summary>
    public const string Default = "sqlite:conveyor.db";

    /// <summary>
    /// The environment variable that names the store when <c>--store</c> is not given: a connection string with a
    /// password stays out of the process list and the shell's history.
    /// </summary>
    public const string EnvironmentVariable = "CONVEYOR_STORE";

    private const string Forms =
        "use sqlite:PATH (for example sqlite:conveyor.db), postgres:CONNSTR (for example postgres:Host=localhost;Username=app;Database=app), "
        + "redis:CONFIG (for example redis:127.0.0.1:6379) or memory";

    /// <summary>The store named by <see cref="EnvironmentVariable"/> in <paramref name="environment"/>, or <see cref="Default"/>.</summary>
    public static string FromEnvironment(Func<string, string?> environment) =>
        environment(EnvironmentVariable) is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : Default;

    /// <summary>Parses the option's text.</summary>
    /// <exception cref="CliException">An unknown scheme, a missing path, connection string or configuration, or a bad one.</exception>
    public static StoreSpec Parse(string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        if (text.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreSpec("memory", null);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..].Trim();
        return scheme switch
        {
            "sqlite" when rest.Length > 0 => new StoreSpec("sqlite", rest),
            "sqlite" => throw new CliException($"The store '{text}' names no file: use sqlite:PATH, for example sqlite:conveyor.db."),
            "postgres" when rest.Length > 0 => new StoreSpec("postgres", null, PostgresSpec.Parse(rest)),
            "postgres" => throw new CliException($"The store '{text}' names no connection string: use postgres:CONNSTR, for example postgres:Host=localhost;Username=app;Database=app."),
            "redis" when rest.Length > 0 => new StoreSpec("redis", null, Redis: RedisSpec.Parse(rest)),
            "redis" => throw new CliException($"The store '{text}' names no Redis configuration: use redis:CONFIG, for example redis:127.0.0.1:6379."),
            _ => throw new CliException($"Unknown store '{ConnectionStringMask.Mask(text)}': {Forms}."),
        };
    }

    /// <summary>Whether the store is a SQLite file.</summary>
    public bool IsSqlite => Scheme == "sqlite";

    /// <summary>The SQLite file's full path (sqlite only).</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path ?? throw new InvalidOperationException("Only a sqlite store has a path."));

    /// <summary>Where the jobs live, for people (a file, a schema or a key prefix on a server), or null for the in-memory store.</summary>
    public string? Location => this switch
    {
        { Postgres: { } pg } => $"schema {pg.Schema} of database {pg.Database} at {pg.Endpoint}",
        { Redis: { } redis } => $"prefix {redis.Prefix} on redis {redis.Endpoint}",
        { IsSqlite: true } => FullPath,
        _ => null,
    };

    /// <summary>Configures Conveyor to use this store.</summary>
    public ConveyorBuilder Apply(ConveyorBuilder c) => this switch
    {
        { Postgres: { } pg } => c.UsePostgres(pg.ConnectionString, o => o.Schema = pg.Schema),
        { Redis: { } redis } => c.UseRedis(redis.Configuration, redis.Configure),
        { IsSqlite: true } => c.UseSqlite(FullPath),
        _ => c.UseInMemory(),
    };

    /// <inheritdoc />
    public override string ToString() => this switch
    {
        { Postgres: { } pg } => $"postgres:{pg}",
        { Redis: { } redis } => $"redis:{redis}",
        { IsSqlite: true } => $"sqlite:{Path}",
        _ => "memory",
    };
}
