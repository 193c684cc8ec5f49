using System.Collections.Frozen;

namespace Conveyor.Postgres;

/// <summary>
/// The store's SQL, one embedded <c>Sql/*.sql</c> file per operation, with the schema filled in. The validated,
/// quoted schema identifier is the only text ever spliced into SQL; every value is a parameter.
/// </summary>
internal sealed class PostgresScripts
{
    private const string Prefix = "Conveyor.Postgres.Sql.";
    private static readonly FrozenDictionary<string, string> Raw = LoadAll();
    private readonly FrozenDictionary<string, string> _scripts;

    /// <summary>The scripts for schema <paramref name="schema"/> (already validated as a plain identifier).</summary>
    public PostgresScripts(string schema)
    {
        Schema = Quote(schema);
        Channel = schema + "_jobs";
        CancelChannel = schema + "_stop";
        _scripts = Raw.ToFrozenDictionary(
            pair => pair.Key,
            pair => pair.Value
                .Replace("{schema}", Schema, StringComparison.Ordinal)
                .Replace("{channel}", Quote(Channel), StringComparison.Ordinal)
                .Replace("{cancel_channel}", Quote(CancelChannel), StringComparison.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>The quoted schema identifier, e.g. <c>"conveyor"</c>.</summary>
    public string Schema { get; }

    /// <summary>The NOTIFY channel of the schema, <c>&lt;schema&gt;_jobs</c>, passed to <c>pg_notify</c> as a value.</summary>
    public string Channel { get; }

    /// <summary>
    /// The NOTIFY channel of cancel requests for running jobs, <c>&lt;schema&gt;_stop</c>, passed to <c>pg_notify</c>
    /// as a value. Its suffix is as short as <c>_jobs</c>, so it fits PostgreSQL's 63 characters with any valid schema.
    /// </summary>
    public string CancelChannel { get; }

    /// <summary>The text of <c>Sql/{name}.sql</c>, e.g. <c>fetch</c> or <c>Migrations/0001_initial.up</c>.</summary>
    public string this[string name] =>
        _scripts.TryGetValue(name, out var script) ? script : throw new InvalidOperationException($"Missing embedded SQL script {name}.sql.");

    private static string Quote(string identifier) => '"' + identifier + '"';

    private static FrozenDictionary<string, string> LoadAll()
    {
        var assembly = typeof(PostgresScripts).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(Prefix, StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            .ToFrozenDictionary(
                resource => resource[Prefix.Length..^".sql".Length].Replace("Migrations.", "Migrations/", StringComparison.Ordinal),
                resource =>
                {
                    using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                    return reader.ReadToEnd();
                },
                StringComparer.Ordinal);
    }
}
