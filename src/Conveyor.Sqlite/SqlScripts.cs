using System.Collections.Concurrent;

namespace Conveyor.Sqlite;

/// <summary>The store's SQL, one embedded <c>Sql/*.sql</c> file per operation, read once.</summary>
internal static class SqlScripts
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of <c>Sql/{name}.sql</c>.</summary>
    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    private static string Load(string name)
    {
        var resource = $"Conveyor.Sqlite.Sql.{name.Replace('/', '.')}.sql";
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded SQL script {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
