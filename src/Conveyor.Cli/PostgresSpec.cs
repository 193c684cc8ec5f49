using System.Data.Common;
using System.Globalization;
using Conveyor.Postgres;
using Npgsql;

namespace Conveyor.Cli;

/// <summary>
/// A <c>postgres:CONNSTR</c> store: the connection string Npgsql reads, the Conveyor schema taken out of it (the
/// <c>Schema=NAME</c> pseudo-key, default <c>conveyor</c>), and forms safe to print (the password masked).
/// </summary>
internal sealed record PostgresSpec(string ConnectionString, string Schema, string Endpoint, string Database, string Display)
{
    /// <summary>The schema when the connection string names none: the store's default.</summary>
    public static readonly string DefaultSchema = new PostgresStoreOptions().Schema;

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

        var schema = keys.TryGetValue(SchemaKey, out var value) ? ValidSchema(Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim()) : DefaultSchema;
        keys.Remove(SchemaKey);
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

    /// <summary>The name, if the store accepts it (its rule, its message).</summary>
    private static string ValidSchema(string schema)
    {
        try
        {
            return new PostgresStoreOptions { Schema = schema }.Schema;
        }
        catch (ArgumentException ex)
        {
            throw CliException.From(ex);
        }
    }
}
