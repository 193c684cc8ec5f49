using System.Text.RegularExpressions;

namespace Conveyor.Postgres;

/// <summary>Settings of the PostgreSQL store.</summary>
public sealed partial class PostgresStoreOptions
{
    private string _schema = "conveyor";

    /// <summary>
    /// The schema holding Conveyor's tables (default <c>conveyor</c>), created by the migrations. A plain identifier:
    /// a letter or underscore, then letters, digits or underscores, at most 58 characters (the notification channels
    /// <c>&lt;schema&gt;_jobs</c> and <c>&lt;schema&gt;_stop</c> must fit PostgreSQL's 63), not starting with
    /// <c>pg_</c>. It is always quoted in SQL, so its case is kept.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not such an identifier.</exception>
    public string Schema
    {
        get => _schema;
        set => _schema = ValidSchema(value);
    }

    /// <summary>
    /// Whether workers LISTEN for wake-ups and cancel requests (default true). Turn it off when the connection string
    /// points at a pooler in transaction mode (PgBouncer), where a LISTEN is lost with its server connection: workers
    /// then find jobs by polling alone, and learn of a cancel request for a running job at their next lease renewal.
    /// Stores always send notifications; this only stops listening.
    /// </summary>
    public bool Notifications { get; set; } = true;

    private static string ValidSchema(string? name)
    {
        if (name is null || !PlainIdentifier().IsMatch(name) || name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Invalid schema name '{name}': use 1 to 58 characters, a letter or '_' first, then letters, digits or '_' (and not starting with 'pg_').",
                nameof(Schema));
        }

        return name;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,57}$")]
    private static partial Regex PlainIdentifier();
}
