using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Conveyor.Cli;

/// <summary>
/// A <c>postgres:CONNSTR</c> store: the connection string Npgsql reads, the Conveyor schema taken out of it (the
/// <c>Schema=NAME</c> pseudo-key, default <c>conveyor</c>), and forms safe to print (the password masked).
/// </summary>
internal sealed partial record PostgresSpec(string ConnectionString, string Schema, string Endpoint, string Database, string Display)
{
    /// <summary>The schema when the connection string names none.</summary>
    public const string DefaultSchema = "conveyor";

    private const string SchemaKey = "Schema";
    private const string Example = "postgres:Host=localhost;Username=app;Password=…;Database=app;Schema=conveyor";

    /// <summary>Parses the text after <c>postgres:</c>; every error quotes it with the password masked.</summary>
    /// <exception cref="CliException">Not a connection string, an unknown or invalid key, no host, or a bad schema name.</exception>
    public static PostgresSpec Parse(string connectionString)
    {
        var display = ConnectionStringMask.Mask(connectionString);
        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            throw new CliException($"'{display}' is not a connection string: write KEY=VALUE pairs separated by ';', for example {Example}.");
        }

        var schema = keys.TryGetValue(SchemaKey, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim() : DefaultSchema;
        keys.Remove(SchemaKey);
        if (!SchemaName().IsMatch(schema))
        {
            throw new CliException($"Schema '{schema}' in '{display}': use lowercase letters, digits and '_', starting with a letter or '_' (at most 63).");
        }

        var npgsql = ParseNpgsql(keys.ConnectionString, display);
        return new PostgresSpec(npgsql.ConnectionString, schema, $"{npgsql.Host}:{npgsql.Port}", npgsql.Database ?? npgsql.Username ?? "", display);
    }

    /// <summary>The connection string as given, password masked.</summary>
    public override string ToString() => Display;

    private static NpgsqlConnectionStringBuilder ParseNpgsql(string connectionString, string display)
    {
        NpgsqlConnectionStringBuilder npgsql;
        try
        {
            npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"'{display}': '{ex.ParamName}' is not a PostgreSQL connection setting, or its value is invalid. Npgsql's keys (Host, Port, Username, Password, Database, …) and Schema are accepted.");
        }

        return string.IsNullOrWhiteSpace(npgsql.Host)
            ? throw new CliException($"'{display}' names no Host: write it like {Example}.")
            : npgsql;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
