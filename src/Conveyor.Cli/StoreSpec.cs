namespace Conveyor.Cli;

/// <summary>
/// The <c>--store</c> option, parsed: <c>sqlite:PATH</c> (a database file) or <c>memory</c> (an empty in-memory
/// store that lives as long as the command, for the demo).
/// </summary>
internal sealed record StoreSpec(string Scheme, string? Path)
{
    /// <summary>The default store: <c>conveyor.db</c> in the working directory.</summary>
    public const string Default = "sqlite:conveyor.db";

    /// <summary>Parses the option's text.</summary>
    /// <exception cref="CliException">An unknown scheme or a missing path.</exception>
    public static StoreSpec Parse(string? text)
    {
        text = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        if (text.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreSpec("memory", null);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? text : text[..colon];
        if (!scheme.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"Unknown store '{text}': use sqlite:PATH (for example sqlite:conveyor.db) or memory.");
        }

        var path = text[(colon + 1)..].Trim();
        if (colon < 0 || path.Length == 0)
        {
            throw new CliException($"The store '{text}' names no file: use sqlite:PATH, for example sqlite:conveyor.db.");
        }

        return new StoreSpec("sqlite", path);
    }

    /// <summary>Whether the store is a SQLite file.</summary>
    public bool IsSqlite => Scheme == "sqlite";

    /// <summary>The SQLite file's full path (sqlite only).</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path ?? throw new InvalidOperationException("Only a sqlite store has a path."));

    /// <summary>Whether there is anything to read: a SQLite file that exists, or the in-memory store.</summary>
    public bool Exists => !IsSqlite || File.Exists(FullPath);

    /// <summary>Configures Conveyor to use this store.</summary>
    public ConveyorBuilder Apply(ConveyorBuilder c) => IsSqlite ? c.UseSqlite(FullPath) : c.UseInMemory();

    /// <inheritdoc />
    public override string ToString() => IsSqlite ? $"sqlite:{Path}" : "memory";
}
